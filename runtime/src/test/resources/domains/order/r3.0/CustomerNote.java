package dev.crossfade.order;

import dev.crossfade.Id;
import dev.crossfade.References;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer_note")
@Since("2.0")
public record CustomerNote(
    @Id long id, @References(value = Customer.class, onDelete = References.Action.CASCADE) long customerId,
    String body) {}
