/** Customer notes, release 1.0: table note. */
@Release("1.0")
package dev.crossfade.note;

import dev.crossfade.Release;
