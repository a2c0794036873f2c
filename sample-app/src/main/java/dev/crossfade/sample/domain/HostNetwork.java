package dev.crossfade.sample.domain;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

/** A host's network facts, split out of {@code host} in 2.0 and keyed by the host's id. */
@Table("host_network")
@Since("2.0")
public record HostNetwork(
    @Id long hostId,
    @Column(indexed = true) String ipAddress,
    String macAddress) {}
