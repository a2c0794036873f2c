package refactoring;

import dev.crossfade.Column;
import dev.crossfade.Id;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("host_network")
@Since("2.0")
public record HostNetwork(@Id long hostId, String ipAddress, String macAddress) {}
