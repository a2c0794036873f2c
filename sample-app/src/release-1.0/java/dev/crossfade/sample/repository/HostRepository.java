package dev.crossfade.sample.repository;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostStatus;
import java.util.List;
import java.util.Optional;

/** Release 1.0's hosts: it knows only the 1.0 layout. */
@Repository
public interface HostRepository extends CrossfadeRepository<Host, Long> {
  List<Host> findByStatus(HostStatus status);

  List<Host> findByStatusOrderByNameDesc(HostStatus status);

  Optional<Host> findByName(String name);

  long countByStatus(HostStatus status);

  boolean existsByName(String name);

  long deleteByStatus(HostStatus status);
}
