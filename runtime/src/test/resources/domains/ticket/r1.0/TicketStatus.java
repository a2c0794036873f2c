package dev.crossfade.ticket;

public enum TicketStatus {
  OPEN,
  CLOSED
}
