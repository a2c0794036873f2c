package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("invoice")
public record Invoice(
    @Id long id,
    long customerId,
    int totalCents,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 16) String status) {}
