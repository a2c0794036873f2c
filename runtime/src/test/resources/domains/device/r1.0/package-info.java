/** A product of our own (not hosts), release 1.0: one wide device table. */
@Release("1.0")
package dev.crossfade.device;

import dev.crossfade.Release;
