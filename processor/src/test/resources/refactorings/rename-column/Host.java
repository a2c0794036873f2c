package refactoring;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("host")
public record Host(
    @Id long id,
    @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname")
    @Column(nullable = Column.Nullability.NOT_NULL) String name,
    @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL) String hostname) {}
