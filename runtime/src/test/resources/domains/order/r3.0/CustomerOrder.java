package dev.crossfade.order;

import dev.crossfade.Check;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.Index;
import dev.crossfade.References;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer_order")
@Index(columns = "status", deprecatedIn = "2.0")
@Index(columns = {"customer_id", "created_at"}, since = "2.0")
@Index(columns = {"customer_id", "external_ref"}, unique = true, since = "2.0")
@Check(name = "customer_order_total_positive", value = "total_cents >= 0", since = "2.0")
public record CustomerOrder(
    @Id long id,
    @DeprecatedIn("3.0") @References(value = Customer.class, since = "2.0") long customerId,
    @DeprecatedIn("3.0") long totalCents,
    String status,
    long createdAt,
    @Since("2.0") String externalRef) {}
