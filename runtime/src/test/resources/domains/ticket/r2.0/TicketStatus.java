package dev.crossfade.ticket;

import dev.crossfade.Since;

public enum TicketStatus {
  OPEN,
  CLOSED,
  @Since("2.0") ARCHIVED
}
