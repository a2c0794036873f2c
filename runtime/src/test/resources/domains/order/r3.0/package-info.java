/**
 * A shop's orders, release 3.0: orders no longer keep their customer and total here (a made-up step, to drop
 * columns that a foreign key, a CHECK and two indexes name: contract drops those first).
 */
@Release(value = "3.0", baseline = "1.0")
package dev.crossfade.order;

import dev.crossfade.Release;
