package refactoring;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;
import java.time.Instant;

@Table("alert")
@Since("2.0")
public record Alert(@Id long id, long hostId, @Column(nullable = Column.Nullability.NOT_NULL) String message,
    @Column(indexed = true) Instant raisedAt) {}
