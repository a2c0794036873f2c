package dev.crossfade.sample.domain;

import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

/** A host's operating system, split out of {@code host} in 2.0 and keyed by the host's id. */
@Table("host_os")
@Since("2.0")
public record HostOs(@Id long hostId, String name, String version) {}
