package dev.crossfade.device;

import dev.crossfade.Column;
import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("device")
public record Device(
    @Id long id,
    @DeprecatedIn("2.0") @MovedTo(entity = Device.class, field = "displayName")
    @Column(nullable = Column.Nullability.NOT_NULL, length = 64) String label,
    @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL, length = 64) String displayName,
    @DeprecatedIn("2.0") @MovedTo(entity = DeviceLocation.class, field = "site") @Column(length = 16) String siteCode,
    @DeprecatedIn("2.0") @MovedTo(entity = DeviceLocation.class, field = "rack") @Column(length = 16) String rackPosition,
    @DeprecatedIn("2.0") @MovedTo(entity = Device.class, field = "weightGrams", converter = KgToGrams.class) int weightKg,
    @Since("2.0") Long weightGrams) {}
