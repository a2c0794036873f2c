package dev.crossfade.device;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("device")
public record Device(
    @Id long id,
    @Column(nullable = Column.Nullability.NOT_NULL, length = 64) String label,
    @Column(length = 16) String siteCode,
    @Column(length = 16) String rackPosition,
    int weightKg) {}
