package dev.crossfade.sample.domain;

import dev.crossfade.runtime.repository.Property;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import javax.annotation.processing.Generated;

/**
 * The persistent fields of {@link Host} as typed constants, for
 * {@code repository.supports(Host_Properties.SSH_FINGERPRINT)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class Host_Properties {
  /**
   * {@link Host}'s field {@code id}.
   */
  public static final Property<Host, Long> ID = new Property<>("id");

  /**
   * {@link Host}'s field {@code name}.
   */
  public static final Property<Host, String> NAME = new Property<>("name");

  /**
   * {@link Host}'s field {@code hostname}.
   */
  public static final Property<Host, String> HOSTNAME = new Property<>("hostname");

  /**
   * {@link Host}'s field {@code ip}.
   */
  public static final Property<Host, String> IP = new Property<>("ip");

  /**
   * {@link Host}'s field {@code mac}.
   */
  public static final Property<Host, String> MAC = new Property<>("mac");

  /**
   * {@link Host}'s field {@code osName}.
   */
  public static final Property<Host, String> OS_NAME = new Property<>("osName");

  /**
   * {@link Host}'s field {@code osVersion}.
   */
  public static final Property<Host, String> OS_VERSION = new Property<>("osVersion");

  /**
   * {@link Host}'s field {@code memoryMb}.
   */
  public static final Property<Host, Integer> MEMORY_MB = new Property<>("memoryMb");

  /**
   * {@link Host}'s field {@code memoryBytes}.
   */
  public static final Property<Host, Long> MEMORY_BYTES = new Property<>("memoryBytes");

  /**
   * {@link Host}'s field {@code cpuCount}.
   */
  public static final Property<Host, Integer> CPU_COUNT = new Property<>("cpuCount");

  /**
   * {@link Host}'s field {@code rack}.
   */
  public static final Property<Host, String> RACK = new Property<>("rack");

  /**
   * {@link Host}'s field {@code status}.
   */
  public static final Property<Host, HostStatus> STATUS = new Property<>("status");

  /**
   * {@link Host}'s field {@code assetTag}.
   */
  public static final Property<Host, UUID> ASSET_TAG = new Property<>("assetTag");

  /**
   * {@link Host}'s field {@code purchasedOn}.
   */
  public static final Property<Host, LocalDate> PURCHASED_ON = new Property<>("purchasedOn");

  /**
   * {@link Host}'s field {@code monthlyCost}.
   */
  public static final Property<Host, BigDecimal> MONTHLY_COST = new Property<>("monthlyCost");

  /**
   * {@link Host}'s field {@code lastSeen}.
   */
  public static final Property<Host, Instant> LAST_SEEN = new Property<>("lastSeen");

  /**
   * {@link Host}'s field {@code monitored}.
   */
  public static final Property<Host, Boolean> MONITORED = new Property<>("monitored");

  /**
   * {@link Host}'s field {@code sshFingerprint}.
   */
  public static final Property<Host, byte[]> SSH_FINGERPRINT = new Property<>("sshFingerprint");

  private Host_Properties() {
  }
}
