package refactoring;

import dev.crossfade.Converter;

public final class MegabytesToBytes implements Converter<Integer, Long> {
  @Override
  public Long toNew(Integer mb) {
    return mb == null ? null : mb * 1_048_576L;
  }

  @Override
  public Integer toOld(Long bytes) {
    return bytes == null ? null : Math.toIntExact(bytes / 1_048_576L);
  }
}
