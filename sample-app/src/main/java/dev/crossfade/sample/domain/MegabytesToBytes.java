package dev.crossfade.sample.domain;

import dev.crossfade.Converter;
import dev.crossfade.SqlEquivalent;

/**
 * Release 2.0 stores memory in bytes ({@code long}); 1.0 stored megabytes ({@code int}). The backfill converts
 * inside the database with the SQL equivalent (a cast first: {@code int * int} would overflow).
 */
@SqlEquivalent(toNew = "CAST(? AS BIGINT) * 1048576")
public final class MegabytesToBytes implements Converter<Integer, Long> {
  private static final long MB = 1_048_576L;

  @Override
  public Long toNew(Integer megabytes) {
    return megabytes == null ? null : megabytes * MB;
  }

  @Override
  public Integer toOld(Long bytes) {
    return bytes == null ? null : Math.toIntExact(bytes / MB);
  }
}
