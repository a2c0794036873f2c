package dev.crossfade.account;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("account_note")
@Since("2.0")
public record AccountNote(@Id long accountId, @Column(length = 64) String text) {}
