package dev.crossfade.sample.repository;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Release 2.0's hosts. The finders read {@code hostname}, which 2.0 adds by renaming {@code name}: on a
 * shard still in the window they compare the old column, after MIGRATED the new one.
 */
@Repository
public interface HostRepository extends CrossfadeRepository<Host, Long> {
  List<Host> findByStatus(HostStatus status);

  List<Host> findByStatusOrderByHostnameDesc(HostStatus status);

  Optional<Host> findByHostname(String hostname);

  long countByStatus(HostStatus status);

  boolean existsByHostname(String hostname);

  // cpuCount reads its default until 2.0 is EXPANDED: a shard still PENDING is scanned, and holds no cpuCount yet.
  @SuppressWarnings("crossfade:finder-scans")
  List<Host> findByStatusInAndCpuCountGreaterThanEqual(Collection<HostStatus> statuses, int cpuCount);

  // memoryBytes is converted from memory_mb until 2.0 is MIGRATED; the demo accepts the scan inside the window.
  @SuppressWarnings("crossfade:finder-scans")
  List<Host> findByMemoryBytesGreaterThan(Long bytes);

  long deleteByStatus(HostStatus status);
}
