/**
 * Release 2.0 of the customer-relationship product: region renamed territory; phone1 and phone2 extracted into
 * rows 1 and 2 of customer_phone(customer_id, slot, number) and the e-mail into the "primary" row of
 * customer_email(customer_id, kind, address) (1:N, composite keys); table note renamed customer_note (body renamed
 * text); invoice totals widened to long; FKs to customer, a multi-column and a unique multi-column index, a CHECK,
 * and a reviewed SQL fragment per dialect (sql/2.0: a partial index on PostgreSQL, a plain one elsewhere).
 */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
