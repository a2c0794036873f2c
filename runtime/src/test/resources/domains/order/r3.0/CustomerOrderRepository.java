package dev.crossfade.order;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;

@Repository
public interface CustomerOrderRepository extends CrossfadeRepository<CustomerOrder, Long> {}
