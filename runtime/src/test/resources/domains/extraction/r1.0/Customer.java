package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("customer")
public record Customer(
    @Id long id,
    @Column(length = 64) String name,
    @Column(length = 32) String phone1,
    @Column(length = 32) String phone2,
    @Column(length = 64) String email) {}
