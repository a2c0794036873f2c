package refactoring;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;
import java.math.BigDecimal;
import java.util.UUID;

@Table("host")
public record Host(
    @Id long id,
    String hostname,
    @Since("2.0") String location,
    @Since("2.0") @Column(defaultValue = "1") int cpuCount,
    @Since("2.0") @Column(defaultValue = "it's new", length = 40) String note,
    @Since("2.0") @Column(defaultValue = "true") boolean monitored,
    @Since("2.0") @Column(precision = 10, scale = 3, defaultValue = "0.000") BigDecimal weight,
    @Since("2.0") @Column(unique = true) UUID assetTag) {}
