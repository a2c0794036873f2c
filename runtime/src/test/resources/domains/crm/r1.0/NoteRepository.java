package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface NoteRepository extends CrossfadeRepository<Note, Long> {
  List<Note> findByCustomerId(long customerId);
}
