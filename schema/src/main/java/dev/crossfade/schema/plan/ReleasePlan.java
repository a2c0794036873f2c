package dev.crossfade.schema.plan;

import dev.crossfade.schema.Version;
import java.util.List;

/**
 * What one release does to the schema, in execution order: {@code expand} (additive, safe with the
 * previous release's servers running), {@code backfill} (old to new, during MIGRATING) and
 * {@code contract} (drops, once no older server runs).
 *
 * @param baseline true for the schema's first release, whose expand creates everything from nothing
 * @param validate the migrate step's checks, after the backfill, of the constraints expand added without
 *     checking the existing rows ({@code NOT VALID} on PostgreSQL)
 */
public record ReleasePlan(Version release, boolean baseline, List<Change> expand, List<Change.CopyStep> backfill,
    List<Change> contract, List<Change.Validate> validate) {
  public ReleasePlan {
    expand = List.copyOf(expand);
    backfill = List.copyOf(backfill);
    contract = List.copyOf(contract);
    validate = validate == null ? List.of() : List.copyOf(validate);
  }

  /** A plan without validations. */
  public ReleasePlan(Version release, boolean baseline, List<Change> expand, List<Change.CopyStep> backfill,
      List<Change> contract) {
    this(release, baseline, expand, backfill, contract, List.of());
  }

  public boolean isEmpty() {
    return expand.isEmpty() && backfill.isEmpty() && contract.isEmpty() && validate.isEmpty();
  }
}
