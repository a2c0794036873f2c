package dev.crossfade.crm;

import dev.crossfade.Converter;

/** Invoice totals outgrow an int: the same cents, widened. */
public final class CentsToLong implements Converter<Integer, Long> {
  @Override
  public Long toNew(Integer cents) {
    return cents == null ? null : cents.longValue();
  }

  @Override
  public Integer toOld(Long cents) {
    return cents == null ? null : Math.toIntExact(cents);
  }
}
