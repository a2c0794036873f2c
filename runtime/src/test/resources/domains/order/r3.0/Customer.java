package dev.crossfade.order;

import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("customer")
public record Customer(@Id long id, String name) {}
