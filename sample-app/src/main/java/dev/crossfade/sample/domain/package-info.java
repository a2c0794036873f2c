/**
 * The inventory domain in release 2.0. The wide {@code host} table is split into {@code host},
 * {@code host_network} and {@code host_os}; {@code name} is renamed {@code hostname}; memory changes
 * type from megabytes ({@code int}) to bytes ({@code long}); {@code cpu_count} is added; {@code rack} and
 * the {@code audit_entry} table are dropped.
 */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.sample.domain;

import dev.crossfade.Release;
