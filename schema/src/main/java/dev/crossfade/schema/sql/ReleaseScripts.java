package dev.crossfade.schema.sql;

import dev.crossfade.schema.Version;
import java.util.List;

/**
 * One release's SQL for one dialect, in execution order; {@code validate} runs in the migrate step after the
 * backfill.
 */
public record ReleaseScripts(Dialect dialect, Version release, List<Statement> expand, List<BackfillSql> backfill,
    List<Statement> contract, List<ValidationSql> validate) {
  public ReleaseScripts {
    expand = List.copyOf(expand);
    backfill = List.copyOf(backfill);
    contract = List.copyOf(contract);
    validate = validate == null ? List.of() : List.copyOf(validate);
  }

  /** Scripts without validations. */
  public ReleaseScripts(Dialect dialect, Version release, List<Statement> expand, List<BackfillSql> backfill,
      List<Statement> contract) {
    this(dialect, release, expand, backfill, contract, List.of());
  }
}
