package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface CustomerRepository extends CrossfadeRepository<Customer, Long> {
  List<Customer> findByName(String name);

  List<Customer> findBySalesTerritory(String salesTerritory);
}
