package dev.crossfade.sample.domain;

import dev.crossfade.runtime.repository.Property;
import javax.annotation.processing.Generated;

/**
 * The persistent fields of {@link HostNetwork} as typed constants, for
 * {@code repository.supports(HostNetwork_Properties.MAC_ADDRESS)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class HostNetwork_Properties {
  /**
   * {@link HostNetwork}'s field {@code hostId}.
   */
  public static final Property<HostNetwork, Long> HOST_ID = new Property<>("hostId");

  /**
   * {@link HostNetwork}'s field {@code ipAddress}.
   */
  public static final Property<HostNetwork, String> IP_ADDRESS = new Property<>("ipAddress");

  /**
   * {@link HostNetwork}'s field {@code macAddress}.
   */
  public static final Property<HostNetwork, String> MAC_ADDRESS = new Property<>("macAddress");

  private HostNetwork_Properties() {
  }
}
