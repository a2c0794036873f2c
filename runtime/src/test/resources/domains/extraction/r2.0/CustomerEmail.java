package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.References;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer_email")
@Since("2.0")
public record CustomerEmail(
    @Id @References(Customer.class) long customerId,
    @Id @Column(length = 16) String kind,
    @Column(length = 64) String address) {
  public record Key(long customerId, String kind) {}
}
