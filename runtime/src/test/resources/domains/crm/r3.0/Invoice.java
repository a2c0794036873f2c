package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("invoice")
public record Invoice(
    @Id long id,
    long customerId,
    @DeprecatedIn("2.0") @MovedTo(entity = Invoice.class, field = "amountCents", converter = CentsToLong.class)
    int totalCents,
    @Since("2.0") Long amountCents,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 16) String status) {}
