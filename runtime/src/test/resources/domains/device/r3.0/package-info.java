/** Release 3.0: display_name renamed again to title, grams become milligrams. */
@Release(value = "3.0", baseline = "1.0")
package dev.crossfade.device;

import dev.crossfade.Release;
