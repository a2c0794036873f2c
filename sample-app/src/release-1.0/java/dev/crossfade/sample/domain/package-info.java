/** The inventory domain as release 1.0 shipped it: one wide {@code host} table and an audit table. */
@Release("1.0")
package dev.crossfade.sample.domain;

import dev.crossfade.Release;
