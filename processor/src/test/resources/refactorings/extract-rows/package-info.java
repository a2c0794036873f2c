/** 1:N extraction: customer.phone1 and phone2 become rows of customer_phone(customer_id, slot, number). */
@Release(value = "2.0", baseline = "1.0")
package refactoring;

import dev.crossfade.Release;
