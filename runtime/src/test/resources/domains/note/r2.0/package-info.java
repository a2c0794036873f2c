/** Release 2.0: table note renamed to customer_note, its column body to text. */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.note;

import dev.crossfade.Release;
