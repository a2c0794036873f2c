package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.References;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer_phone")
@Since("2.0")
public record CustomerPhone(
    @Id @References(Customer.class) long customerId,
    @Id int slot,
    @Column(length = 32) String number) {
  public record Key(long customerId, int slot) {}
}
