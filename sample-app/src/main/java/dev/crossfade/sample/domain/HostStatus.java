package dev.crossfade.sample.domain;

/** Lifecycle of a managed host. */
public enum HostStatus {
  PROVISIONING,
  ACTIVE,
  RETIRED
}
