package refactoring;

import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Table;

@Table("host")
public record Host(
    @Id long id,
    String hostname,
    @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress") String ip,
    @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "macAddress") String mac) {}
