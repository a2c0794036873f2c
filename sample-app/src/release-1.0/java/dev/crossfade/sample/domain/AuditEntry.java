package dev.crossfade.sample.domain;

import dev.crossfade.Id;
import dev.crossfade.Table;
import java.time.LocalDateTime;

/** Release 1.0's own audit trail; release 2.0 hands auditing to an external service. */
@Table("audit_entry")
public record AuditEntry(@Id long id, long hostId, String action, LocalDateTime at) {}
