/**
 * 1:N extraction, release 2.0: phone1 and phone2 become rows 1 and 2 of customer_phone(customer_id, slot, number),
 * and the single e-mail column becomes the "primary" row of customer_email(customer_id, kind, address).
 */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
