package dev.crossfade.account;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;

@Repository
public interface AccountRepository extends CrossfadeRepository<Account, Long> {}
