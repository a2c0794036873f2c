package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.References;
import dev.crossfade.Since;
import dev.crossfade.Table;

/** Table note renamed customer_note, body renamed text; a note goes with its customer. */
@Table("customer_note")
@Since("2.0")
public record CustomerNote(
    @Id long id,
    @References(value = Customer.class, onDelete = References.Action.CASCADE) long customerId,
    @Column(length = 400) String text) {}
