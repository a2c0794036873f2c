/** A shop's orders, release 1.0: customers and their orders, no constraint between them yet. */
@Release("1.0")
package dev.crossfade.order;

import dev.crossfade.Release;
