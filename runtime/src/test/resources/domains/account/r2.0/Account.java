package dev.crossfade.account;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;
import dev.crossfade.Version;

@Table("account")
public record Account(
    @Id long id,
    @Version long version,
    @DeprecatedIn("2.0") @MovedTo(entity = Account.class, field = "holder") @Column(length = 64) String owner,
    @Since("2.0") @Column(length = 64) String holder,
    @DeprecatedIn("2.0") @MovedTo(entity = AccountNote.class, field = "text") @Column(length = 64) String note,
    int balance) {}
