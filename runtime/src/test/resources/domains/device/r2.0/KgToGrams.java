package dev.crossfade.device;

import dev.crossfade.Converter;

public final class KgToGrams implements Converter<Integer, Long> {
  @Override
  public Long toNew(Integer kg) {
    return kg == null ? null : kg * 1000L;
  }

  @Override
  public Integer toOld(Long grams) {
    return grams == null ? null : Math.toIntExact(grams / 1000);
  }
}
