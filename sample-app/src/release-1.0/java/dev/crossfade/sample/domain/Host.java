package dev.crossfade.sample.domain;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A managed server, release 1.0: everything about it in one wide row. */
@Table("host")
public record Host(
    @Id long id,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 128) String name,
    String ip,
    String mac,
    String osName,
    String osVersion,
    int memoryMb,
    String rack,
    HostStatus status,
    UUID assetTag,
    LocalDate purchasedOn,
    @Column(precision = 12, scale = 2) BigDecimal monthlyCost,
    Instant lastSeen,
    boolean monitored,
    byte[] sshFingerprint) {}
