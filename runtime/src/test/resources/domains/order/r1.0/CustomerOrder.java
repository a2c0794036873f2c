package dev.crossfade.order;

import dev.crossfade.Id;
import dev.crossfade.Index;
import dev.crossfade.Table;

@Table("customer_order")
@Index(columns = "status")
public record CustomerOrder(@Id long id, long customerId, long totalCents, String status, long createdAt) {}
