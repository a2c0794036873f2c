/** A customer-relationship product (not hosts), release 1.0: customers, their notes and invoices. */
@Release("1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
