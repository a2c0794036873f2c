package dev.crossfade.runtime.repository;

import java.util.List;

/**
 * One page of rows. It carries no total count: counting a large table on every page costs a second
 * statement; call {@link CrossfadeRepository#count()} when the total is wanted.
 *
 * @param content the rows, in key order
 * @param request the request that read it
 * @param hasNext whether another page follows
 */
public record Page<E>(List<E> content, PageRequest request, boolean hasNext) {
  public Page {
    content = List.copyOf(content);
  }
}
