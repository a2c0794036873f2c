package dev.crossfade.note;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer_note")
@Since("2.0")
/** The new name of table note; pinnedBy is new in 2.0 (note has no column for it). */
public record CustomerNote(@Id long id, @Column(indexed = true) long customerId, @Column(length = 200) String text,
    @Column(length = 40) String pinnedBy) {}
