package refactoring;

import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Since;
import dev.crossfade.Table;

@Table("host")
public record Host(
    @Id long id,
    @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes", converter = MegabytesToBytes.class)
    int memoryMb,
    @Since("2.0") Long memoryBytes) {}
