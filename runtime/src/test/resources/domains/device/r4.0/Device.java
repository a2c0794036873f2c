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
    @Since("2.0") @DeprecatedIn("3.0") @MovedTo(entity = Device.class, field = "title")
    @Column(nullable = Column.Nullability.NOT_NULL, length = 64) String displayName,
    @Since("3.0") @Column(nullable = Column.Nullability.NOT_NULL, length = 64) String title,
    @Since("2.0") @DeprecatedIn("3.0") @MovedTo(entity = Device.class, field = "weightMg",
        converter = GramsToMilligrams.class) Long weightGrams,
    @Since("3.0") Long weightMg,
    @Since("4.0") @Column(length = 200) String notes) {}
