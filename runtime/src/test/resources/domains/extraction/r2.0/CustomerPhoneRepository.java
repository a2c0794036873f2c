package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface CustomerPhoneRepository extends CrossfadeRepository<CustomerPhone, CustomerPhone.Key> {
  List<CustomerPhone> findByCustomerId(long customerId);
}
