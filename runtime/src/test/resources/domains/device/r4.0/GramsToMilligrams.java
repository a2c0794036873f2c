package dev.crossfade.device;

import dev.crossfade.Converter;

public final class GramsToMilligrams implements Converter<Long, Long> {
  @Override
  public Long toNew(Long grams) {
    return grams == null ? null : grams * 1000L;
  }

  @Override
  public Long toOld(Long milligrams) {
    return milligrams == null ? null : milligrams / 1000;
  }
}
