package dev.crossfade.runtime;

/** Receives backfill progress after every batch; the command line renders it as a live progress line. */
@FunctionalInterface
public interface BackfillListener {
  BackfillListener NONE = p -> {};

  void onProgress(BackfillProgress progress);
}
