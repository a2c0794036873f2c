package dev.crossfade.crm;

import dev.crossfade.runtime.repository.Property;
import javax.annotation.processing.Generated;

/**
 * The persistent fields of {@link CustomerPhone} as typed constants, for
 * {@code repository.supports(CustomerPhone_Properties.NUMBER)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class CustomerPhone_Properties {
  /**
   * {@link CustomerPhone}'s field {@code customerId}.
   */
  public static final Property<CustomerPhone, Long> CUSTOMER_ID = new Property<>("customerId");

  /**
   * {@link CustomerPhone}'s field {@code slot}.
   */
  public static final Property<CustomerPhone, Integer> SLOT = new Property<>("slot");

  /**
   * {@link CustomerPhone}'s field {@code number}.
   */
  public static final Property<CustomerPhone, String> NUMBER = new Property<>("number");

  private CustomerPhone_Properties() {
  }
}
