package dev.crossfade.sample.domain;

import dev.crossfade.Converter;

/** Release 2.0 stores memory in bytes ({@code long}); 1.0 stored megabytes ({@code int}). */
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
