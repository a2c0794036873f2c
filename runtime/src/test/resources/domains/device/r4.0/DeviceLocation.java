package dev.crossfade.device;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("device_location")
@Since("2.0")
public record DeviceLocation(
    @Id long deviceId,
    @Column(length = 16, indexed = true) String site,
    @Column(length = 16) String rack) {}
