package dev.crossfade.runtime;

/** Receives backfill progress after every batch; the command line renders it as a live progress line. */
@FunctionalInterface
public interface BackfillListener {
  BackfillListener NONE = p -> {};

  /** Called after each batch of a backfill step, on the migrating thread; keep it quick. */
  void onProgress(BackfillProgress progress);
}
