package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Table;

@Table("customer")
public record Customer(
    @Id long id,
    @Column(length = 64) String name,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "1") @Column(length = 32)
        String phone1,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "2") @Column(length = 32)
        String phone2,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerEmail.class, field = "address", key = "primary")
        @Column(length = 64) String email) {}
