package dev.crossfade.schema;

/**
 * Where a shard stands in one release's schema change. The order is fixed (DESIGN section 3):
 * {@code PENDING -> EXPANDED -> MIGRATING -> MIGRATED -> CONTRACTING -> CONTRACTED}.
 */
public enum Phase {
  /** Only the previous release's layout exists. */
  PENDING,
  /** Old and new structures exist; every writer keeps the old ones current. */
  EXPANDED,
  /** Backfill is copying old to new; only the new release may write. */
  MIGRATING,
  /** Backfill verified; the new structures are the source of truth. */
  MIGRATED,
  /** Servers are told to stop writing the old structures. */
  CONTRACTING,
  /** The old structures are gone. */
  CONTRACTED;

  public boolean atLeast(Phase other) {
    return compareTo(other) >= 0;
  }
}
