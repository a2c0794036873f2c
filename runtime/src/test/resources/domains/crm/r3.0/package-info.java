/** Release 3.0 of the customer-relationship product: territory renamed again, to salesTerritory. */
@Release(value = "3.0", baseline = "1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
