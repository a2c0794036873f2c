package dev.crossfade.sample.domain;

import dev.crossfade.runtime.repository.Property;
import java.time.LocalDateTime;
import javax.annotation.processing.Generated;

/**
 * The persistent fields of {@link AuditEntry} as typed constants, for
 * {@code repository.supports(AuditEntry_Properties.AT)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class AuditEntry_Properties {
  /**
   * {@link AuditEntry}'s field {@code id}.
   */
  public static final Property<AuditEntry, Long> ID = new Property<>("id");

  /**
   * {@link AuditEntry}'s field {@code hostId}.
   */
  public static final Property<AuditEntry, Long> HOST_ID = new Property<>("hostId");

  /**
   * {@link AuditEntry}'s field {@code action}.
   */
  public static final Property<AuditEntry, String> ACTION = new Property<>("action");

  /**
   * {@link AuditEntry}'s field {@code at}.
   */
  public static final Property<AuditEntry, LocalDateTime> AT = new Property<>("at");

  private AuditEntry_Properties() {
  }
}
