package dev.crossfade.crm;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Table;

/** 1.0's table, kept for the window: every field moves to CustomerNote, body to its field text. */
@Table("note")
@DeprecatedIn("2.0")
@MovedTo(entity = CustomerNote.class)
public record Note(
    @Id long id,
    long customerId,
    @Column(length = 400) @MovedTo(entity = CustomerNote.class, field = "text") String body) {}
