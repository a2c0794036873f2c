package refactoring;

import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.Table;

@Table("host")
public record Host(@Id long id, String hostname, @DeprecatedIn("2.0") String rack) {}
