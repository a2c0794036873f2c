package dev.crossfade.sample.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One host as the product means it, whichever release wrote it: what the oracle remembers. Release 1.0 stores
 * {@code name} and {@code memoryMb} in {@code host}; release 2.0 calls them {@code hostname} and
 * {@code memoryBytes} and keeps the network and OS facts in their own tables. {@code cpuCount} exists from
 * 2.0 on (1 where no 2.0 server set it); {@code rack} is given up by 2.0.
 */
public record HostFacts(long id, String name, String ip, String mac, String osName, String osVersion, int memoryMb,
    int cpuCount, String rack, String status, UUID assetTag, LocalDate purchasedOn, BigDecimal monthlyCost,
    Instant lastSeen, boolean monitored, byte[] sshFingerprint) {

  public static final long MB = 1_048_576L;

  HostFacts withRack(String r) {
    return new HostFacts(id, name, ip, mac, osName, osVersion, memoryMb, cpuCount, r, status, assetTag, purchasedOn,
        monthlyCost, lastSeen, monitored, sshFingerprint);
  }

  /** Every fact by name, in a form that compares with {@code equals} (bytes as text, decimals stripped). */
  Map<String, Object> facts() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("ip", ip);
    m.put("mac", mac);
    m.put("osName", osName);
    m.put("osVersion", osVersion);
    m.put("memoryMb", memoryMb);
    m.put("cpuCount", cpuCount);
    m.put("rack", rack);
    m.put("status", status);
    m.put("assetTag", assetTag);
    m.put("purchasedOn", purchasedOn);
    m.put("monthlyCost", monthlyCost == null ? null : monthlyCost.stripTrailingZeros().toPlainString());
    m.put("lastSeen", lastSeen);
    m.put("monitored", monitored);
    m.put("sshFingerprint", sshFingerprint == null ? null : Arrays.toString(sshFingerprint));
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostFacts h && facts().equals(h.facts());
  }

  @Override
  public int hashCode() {
    return facts().hashCode();
  }

  @Override
  public String toString() {
    return facts().toString();
  }
}
