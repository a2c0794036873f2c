/**
 * Release 3.0 of the customer-relationship product: territory renamed again, to salesTerritory, so 2.0's unique
 * index over it is dropped by 3.0's contract and replaced; its migrator also runs 2.0's phases.
 */
@Release(value = "3.0", baseline = "1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
