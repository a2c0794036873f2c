package dev.crossfade.crm;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.schema.query.Finder;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * The implementation of {@link CustomerPhoneRepository} on one shard. Get it from
 * {@code crossfade.repository(CustomerPhoneRepository.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class CustomerPhoneRepository_Impl extends AbstractCrossfadeRepository<CustomerPhone, CustomerPhone.Key> implements CustomerPhoneRepository {
  private static final Set<String> PROPERTIES = Set.copyOf(CustomerPhone_Repository.MAPPING.fields());

  private static final Finder FIND_BY_CUSTOMER_ID = Finder.parse("findByCustomerId", PROPERTIES);

  public CustomerPhoneRepository_Impl(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, CustomerPhone_Repository.MAPPING);
  }

  @Override
  public List<CustomerPhone> findByCustomerId(long customerId) {
    return finderList(FIND_BY_CUSTOMER_ID, customerId);
  }
}
