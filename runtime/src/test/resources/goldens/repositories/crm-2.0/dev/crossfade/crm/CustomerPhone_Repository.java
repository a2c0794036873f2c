package dev.crossfade.crm;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.runtime.repository.EntityMapping;
import dev.crossfade.runtime.repository.Values;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The version-aware repository of {@link CustomerPhone} on one shard. Get it from
 * {@code crossfade.repository(CustomerPhone.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class CustomerPhone_Repository extends AbstractCrossfadeRepository<CustomerPhone, CustomerPhone.Key> {
  /**
   * How CustomerPhone travels to and from the database; shared by every repository of it.
   */
  public static final EntityMapping<CustomerPhone> MAPPING = new EntityMapping<>(CustomerPhone.class, List.of("customerId", "slot", "number"),
  CustomerPhone_Repository::toValues, CustomerPhone_Repository::fromValues,
  CustomerPhone_Repository::keyToValues, CustomerPhone_Repository::keyFromValues);

  public CustomerPhone_Repository(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, MAPPING);
  }

  private static Object[] toValues(CustomerPhone e) {
    return new Object[] {
        e.customerId(),
        e.slot(),
        e.number()};
  }

  private static CustomerPhone fromValues(Object[] v) {
    return new CustomerPhone(
        Values.longValue(v[0]),
        Values.intValue(v[1]),
        (String) v[2]);
  }

  private static Object[] keyToValues(Object key) {
    CustomerPhone.Key k = (CustomerPhone.Key) key;
    return new Object[] {k.customerId(), k.slot()};
  }

  private static Object keyFromValues(Object[] v) {
    return new CustomerPhone.Key(Values.longValue(v[0]), Values.intValue(v[1]));
  }
}
