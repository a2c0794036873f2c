package dev.crossfade.crm;

import dev.crossfade.Check;
import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.Index;
import dev.crossfade.MovedTo;
import dev.crossfade.References;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("invoice")
@Index(columns = {"customer_id", "status"}, since = "2.0")
@Check(name = "invoice_amount_not_negative", value = "amount_cents >= 0", since = "2.0")
public record Invoice(
    @Id long id,
    @References(value = Customer.class, since = "2.0") long customerId,
    @DeprecatedIn("2.0") @MovedTo(entity = Invoice.class, field = "amountCents", converter = CentsToLong.class)
    int totalCents,
    @Since("2.0") Long amountCents,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 16) String status) {}
