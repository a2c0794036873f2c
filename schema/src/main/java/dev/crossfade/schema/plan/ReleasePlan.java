package dev.crossfade.schema.plan;

import dev.crossfade.schema.Version;
import java.util.List;

/**
 * What one release does to the schema, in execution order: {@code expand} (additive, safe with the
 * previous release's servers running), {@code backfill} (old to new, during MIGRATING) and
 * {@code contract} (drops, once no older server runs).
 *
 * @param baseline true for the schema's first release, whose expand creates everything from nothing
 */
public record ReleasePlan(
    Version release, boolean baseline, List<Change> expand, List<Change.CopyStep> backfill, List<Change> contract) {
  public ReleasePlan {
    expand = List.copyOf(expand);
    backfill = List.copyOf(backfill);
    contract = List.copyOf(contract);
  }

  public boolean isEmpty() {
    return expand.isEmpty() && backfill.isEmpty() && contract.isEmpty();
  }
}
