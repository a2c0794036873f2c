package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.Index;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer")
@Index(columns = {"territory", "name"}, unique = true, since = "2.0", deprecatedIn = "3.0")
@Index(columns = {"sales_territory", "name"}, unique = true, since = "3.0")
public record Customer(
    @Id long id,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 80) String name,
    @DeprecatedIn("2.0") @MovedTo(entity = Customer.class, field = "territory") @Column(length = 16) String region,
    @Since("2.0") @DeprecatedIn("3.0") @MovedTo(entity = Customer.class, field = "salesTerritory")
    @Column(length = 16) String territory,
    @Since("3.0") @Column(length = 16) String salesTerritory,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "1") @Column(length = 32)
        String phone1,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "2") @Column(length = 32)
        String phone2,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerEmail.class, field = "address", key = "primary")
        @Column(length = 64) String email) {}
