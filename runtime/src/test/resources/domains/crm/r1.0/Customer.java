package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("customer")
public record Customer(
    @Id long id,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 80) String name,
    @Column(length = 16) String region,
    @Column(length = 32) String phone1,
    @Column(length = 32) String phone2,
    @Column(length = 64) String email) {}
