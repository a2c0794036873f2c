package dev.crossfade.runtime.repository;

/**
 * Which page of rows to read, in key order: {@code PageRequest.of(0, 50)} is the first fifty.
 *
 * @param page the page number, from 0
 * @param size rows per page, at least 1
 */
public record PageRequest(int page, int size) {
  public PageRequest {
    if (page < 0) {
      throw new IllegalArgumentException("page must be 0 or more, got " + page);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, got " + size);
    }
  }

  /** Page {@code page} (from 0) of {@code size} entities (at least 1). */
  public static PageRequest of(int page, int size) {
    return new PageRequest(page, size);
  }

  /** The request for the page after this one. */
  public PageRequest next() {
    return new PageRequest(page + 1, size);
  }

  long offset() {
    return (long) page * size;
  }
}
