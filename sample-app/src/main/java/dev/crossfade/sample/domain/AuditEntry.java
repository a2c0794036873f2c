package dev.crossfade.sample.domain;

import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.Table;
import java.time.LocalDateTime;

/** Release 1.0's audit trail: 2.0 stops using it, still writes it for 1.0 servers, and its contract drops it. */
@Table("audit_entry")
@DeprecatedIn("2.0")
public record AuditEntry(@Id long id, long hostId, String action, LocalDateTime at) {}
