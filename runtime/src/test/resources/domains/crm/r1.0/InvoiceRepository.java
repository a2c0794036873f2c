package dev.crossfade.crm;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.util.List;

@Repository
public interface InvoiceRepository extends CrossfadeRepository<Invoice, Long> {
  List<Invoice> findByCustomerId(long customerId);

  long countByStatus(String status);
}
