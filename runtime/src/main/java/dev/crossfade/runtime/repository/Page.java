package dev.crossfade.runtime.repository;

import java.util.List;

/**
 * One page of rows. It carries no total count: counting a large table on every page costs a second
 * statement; call {@link CrossfadeRepository#count()} when the total is wanted. It is a {@link Slice}.
 *
 * @param content the rows, in key order or the requested {@link Sort}
 * @param request the request that read it
 * @param hasNext whether another page follows
 */
public record Page<E>(List<E> content, PageRequest request, boolean hasNext) implements Slice<E> {
  public Page {
    content = List.copyOf(content);
  }
}
