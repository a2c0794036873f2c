package refactoring;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Table;

@Table("note")
@DeprecatedIn("2.0")
@MovedTo(entity = CustomerNote.class)
public record Note(
    @Id long id,
    long customerId,
    @Column(length = 200) @MovedTo(entity = CustomerNote.class, field = "text") String body) {}
