package dev.crossfade.account;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;
import dev.crossfade.Version;

@Table("account")
public record Account(
    @Id long id,
    @Version long version,
    @Column(length = 64) String owner,
    @Column(length = 64) String note,
    int balance) {}
