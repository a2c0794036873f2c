package dev.crossfade.sample.domain;

import dev.crossfade.runtime.repository.Property;
import javax.annotation.processing.Generated;

/**
 * The persistent fields of {@link HostOs} as typed constants, for
 * {@code repository.supports(HostOs_Properties.VERSION)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class HostOs_Properties {
  /**
   * {@link HostOs}'s field {@code hostId}.
   */
  public static final Property<HostOs, Long> HOST_ID = new Property<>("hostId");

  /**
   * {@link HostOs}'s field {@code name}.
   */
  public static final Property<HostOs, String> NAME = new Property<>("name");

  /**
   * {@link HostOs}'s field {@code version}.
   */
  public static final Property<HostOs, String> VERSION = new Property<>("version");

  private HostOs_Properties() {
  }
}
