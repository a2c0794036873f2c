package refactoring;

import dev.crossfade.DeprecatedIn;
import dev.crossfade.Id;
import dev.crossfade.MovedTo;
import dev.crossfade.Table;

@Table("customer")
public record Customer(
    @Id long id,
    String name,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "1") String phone1,
    @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "2") String phone2) {}
