/** Optimistic locking across a release window, release 1.0: one account table with a @Version column. */
@Release("1.0")
package dev.crossfade.account;

import dev.crossfade.Release;
