package dev.crossfade.note;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("note")
public record Note(@Id long id, @Column(indexed = true) long customerId, @Column(length = 200) String body) {}
