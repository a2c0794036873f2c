package dev.crossfade.ticket;

import dev.crossfade.Repository;
import dev.crossfade.runtime.repository.CrossfadeRepository;

@Repository
public interface TicketRepository extends CrossfadeRepository<Ticket, Long> {}
