package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("note")
public record Note(@Id long id, long customerId, @Column(length = 400) String body) {}
