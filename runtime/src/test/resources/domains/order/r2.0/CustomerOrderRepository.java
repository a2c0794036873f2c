package dev.crossfade.order;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface CustomerOrderRepository extends CrossfadeRepository<CustomerOrder, Long> {
  List<CustomerOrder> findByCustomerId(long customerId);
}
