package dev.crossfade.device;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface DeviceLocationRepository extends CrossfadeRepository<DeviceLocation, Long> {
  List<DeviceLocation> findBySite(String site);

  long countBySite(String site);

  boolean existsByRack(String rack);
}
