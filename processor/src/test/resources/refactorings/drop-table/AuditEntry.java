package refactoring;

import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.Table;
import java.time.LocalDateTime;

@Table("audit_entry")
@DeprecatedIn("2.0")
public record AuditEntry(@Id long id, String action, LocalDateTime at) {}
