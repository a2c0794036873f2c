/** Support tickets, release 2.0: release 2.0 only adds a constant to the ticket status. */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.ticket;

import dev.crossfade.Release;
