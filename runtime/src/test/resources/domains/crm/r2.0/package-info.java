/** Release 2.0 of the customer-relationship product: region renamed territory, invoice totals widened to long. */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
