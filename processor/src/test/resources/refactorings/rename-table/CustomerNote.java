package refactoring;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("customer_note")
@Since("2.0")
public record CustomerNote(@Id long id, @Column(indexed = true) long customerId, @Column(length = 200) String text) {}
