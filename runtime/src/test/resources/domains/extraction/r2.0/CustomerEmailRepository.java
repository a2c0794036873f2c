package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface CustomerEmailRepository extends CrossfadeRepository<CustomerEmail, CustomerEmail.Key> {
  List<CustomerEmail> findByCustomerId(long customerId);
}
