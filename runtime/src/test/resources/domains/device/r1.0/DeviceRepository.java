package dev.crossfade.device;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface DeviceRepository extends CrossfadeRepository<Device, Long> {
  List<Device> findByLabel(String label);

  List<Device> findBySiteCode(String site);
}
