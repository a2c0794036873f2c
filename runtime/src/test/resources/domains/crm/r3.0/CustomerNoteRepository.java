package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface CustomerNoteRepository extends CrossfadeRepository<CustomerNote, Long> {
  List<CustomerNote> findByCustomerId(long customerId);
}
