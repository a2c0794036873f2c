package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;

@Repository
public interface CustomerRepository extends CrossfadeRepository<Customer, Long> {}
