package dev.crossfade.ticket;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("ticket")
public record Ticket(@Id long id, @Column(length = 32) String title, @Column(length = 16) TicketStatus status) {}
