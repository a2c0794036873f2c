/**
 * A shop's orders, release 2.0: an order references its customer (a foreign key on a shipped column), its total
 * may not be negative (a CHECK), orders are looked up by customer and time and by customer and external reference
 * (a multi-column and a unique multi-column index), the index on status is dropped, and notes are new rows that
 * reference their customer and go with it.
 */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.order;

import dev.crossfade.Release;
