package dev.crossfade.runtime.repository;

import java.util.List;

/**
 * A page of rows without a total, as Spring Data's {@code Slice}: read with one statement of {@code size + 1}
 * rows, so {@link #hasNext()} costs nothing; call {@link CrossfadeRepository#count()} when a total is wanted.
 * {@link Page} is one (Crossfade's pages never carry a total).
 *
 * @param <E> the entity
 */
public interface Slice<E> {
  /** The rows of this page, at most {@code request().size()}. */
  List<E> content();

  /** The request that read it. */
  PageRequest request();

  /** Whether another page follows. */
  boolean hasNext();

  /** The request for the next page, or null when this is the last. */
  default PageRequest nextRequest() {
    return hasNext() ? request().next() : null;
  }
}
