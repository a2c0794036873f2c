package dev.crossfade.sample.domain;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A managed server, release 2.0: network and OS facts moved out to their own tables. */
@Table("host")
public record Host(
    @Id long id,
    @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname")
    @Column(nullable = Column.Nullability.NOT_NULL, length = 128) String name,
    @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL, length = 128, indexed = true) String hostname,
    @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress") String ip,
    @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "macAddress") String mac,
    @DeprecatedIn("2.0") @MovedTo(entity = HostOs.class, field = "name") String osName,
    @DeprecatedIn("2.0") @MovedTo(entity = HostOs.class, field = "version") String osVersion,
    @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes", converter = MegabytesToBytes.class)
    int memoryMb,
    @Since("2.0") Long memoryBytes,
    @Since("2.0") @Column(defaultValue = "1") int cpuCount,
    @DeprecatedIn("2.0") String rack,
    HostStatus status,
    UUID assetTag,
    LocalDate purchasedOn,
    @Column(precision = 12, scale = 2) BigDecimal monthlyCost,
    Instant lastSeen,
    boolean monitored,
    byte[] sshFingerprint) {}
