package dev.crossfade.sample.repository;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostStatus;
import dev.crossfade.sample.domain.Host_Repository;
import dev.crossfade.schema.query.Finder;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The implementation of {@link HostRepository} on one shard. Get it from
 * {@code crossfade.repository(HostRepository.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class HostRepository_Impl extends AbstractCrossfadeRepository<Host, Long> implements HostRepository {
  private static final Set<String> PROPERTIES = Set.copyOf(Host_Repository.MAPPING.fields());

  private static final Finder FIND_BY_STATUS = Finder.parse("findByStatus", PROPERTIES);

  private static final Finder FIND_BY_STATUS_ORDER_BY_HOSTNAME_DESC = Finder.parse("findByStatusOrderByHostnameDesc", PROPERTIES);

  private static final Finder FIND_BY_HOSTNAME = Finder.parse("findByHostname", PROPERTIES);

  private static final Finder COUNT_BY_STATUS = Finder.parse("countByStatus", PROPERTIES);

  private static final Finder EXISTS_BY_HOSTNAME = Finder.parse("existsByHostname", PROPERTIES);

  private static final Finder FIND_BY_STATUS_IN_AND_CPU_COUNT_GREATER_THAN_EQUAL = Finder.parse("findByStatusInAndCpuCountGreaterThanEqual", PROPERTIES);

  private static final Finder FIND_BY_MEMORY_BYTES_GREATER_THAN = Finder.parse("findByMemoryBytesGreaterThan", PROPERTIES);

  private static final Finder DELETE_BY_STATUS = Finder.parse("deleteByStatus", PROPERTIES);

  public HostRepository_Impl(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, Host_Repository.MAPPING);
  }

  @Override
  public List<Host> findByStatus(HostStatus status) {
    return finderList(FIND_BY_STATUS, status);
  }

  @Override
  public List<Host> findByStatusOrderByHostnameDesc(HostStatus status) {
    return finderList(FIND_BY_STATUS_ORDER_BY_HOSTNAME_DESC, status);
  }

  @Override
  public Optional<Host> findByHostname(String hostname) {
    return finderOne(FIND_BY_HOSTNAME, hostname);
  }

  @Override
  public long countByStatus(HostStatus status) {
    return finderCount(COUNT_BY_STATUS, status);
  }

  @Override
  public boolean existsByHostname(String hostname) {
    return finderExists(EXISTS_BY_HOSTNAME, hostname);
  }

  @Override
  public List<Host> findByStatusInAndCpuCountGreaterThanEqual(Collection<HostStatus> statuses,
      int cpuCount) {
    return finderList(FIND_BY_STATUS_IN_AND_CPU_COUNT_GREATER_THAN_EQUAL, statuses, cpuCount);
  }

  @Override
  public List<Host> findByMemoryBytesGreaterThan(Long bytes) {
    return finderList(FIND_BY_MEMORY_BYTES_GREATER_THAN, bytes);
  }

  @Override
  public long deleteByStatus(HostStatus status) {
    return finderDelete(DELETE_BY_STATUS, status);
  }
}
