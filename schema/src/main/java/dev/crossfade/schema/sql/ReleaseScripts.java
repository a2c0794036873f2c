package dev.crossfade.schema.sql;

import dev.crossfade.schema.Version;
import java.util.List;

/** One release's SQL for one dialect, in execution order. */
public record ReleaseScripts(
    Dialect dialect, Version release, List<Statement> expand, List<BackfillSql> backfill, List<Statement> contract) {
  public ReleaseScripts {
    expand = List.copyOf(expand);
    backfill = List.copyOf(backfill);
    contract = List.copyOf(contract);
  }
}
