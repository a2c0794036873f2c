package dev.crossfade.runtime.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sort order over an entity's properties, typed by the generated property constants:
 * {@code Sort.by(Host_Properties.HOSTNAME).thenDesc(Host_Properties.MEMORY_BYTES)}. The key always breaks
 * ties last, so every order is deterministic (and pages do not overlap).
 *
 * <p>Ascending puts {@code null} last and descending first, on every database (the SQL says
 * {@code NULLS LAST}/{@code NULLS FIRST}), so the order does not change when a release window moves a field:
 * where the shard's layout holds a property SQL cannot compare exactly (a field read through a converter, or
 * not on the shard yet), the rows are read whole and sorted in Java in the same order, and the repository logs
 * that once (as a scanning finder does). Sorting by a {@code byte[]} property is refused: databases and Java
 * order bytes differently.
 *
 * @param <E> the entity
 * @param orders the sort keys, first the most significant
 */
public record Sort<E>(List<Order<E>> orders) {
  /** One sort key. */
  public record Order<E>(Property<E, ?> property, boolean descending) {
    public Order {
      Objects.requireNonNull(property, "property");
    }
  }

  public Sort {
    orders = List.copyOf(orders);
    if (orders.isEmpty()) {
      throw new IllegalArgumentException("a sort needs at least one property; use findAll() for key order");
    }
  }

  /** Ascending by {@code property}. */
  public static <E> Sort<E> by(Property<E, ?> property) {
    return asc(property);
  }

  /** Ascending by {@code property} (nulls last). */
  public static <E> Sort<E> asc(Property<E, ?> property) {
    return new Sort<>(List.of(new Order<>(property, false)));
  }

  /** Descending by {@code property} (nulls first). */
  public static <E> Sort<E> desc(Property<E, ?> property) {
    return new Sort<>(List.of(new Order<>(property, true)));
  }

  /** This order, then ascending by {@code property} among equals. */
  public Sort<E> thenAsc(Property<E, ?> property) {
    return then(new Order<>(property, false));
  }

  /** This order, then descending by {@code property} among equals. */
  public Sort<E> thenDesc(Property<E, ?> property) {
    return then(new Order<>(property, true));
  }

  private Sort<E> then(Order<E> order) {
    List<Order<E>> all = new ArrayList<>(orders);
    all.add(order);
    return new Sort<>(all);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Order<E> o : orders) {
      out.append(out.length() == 0 ? "" : ", ").append(o.property().name()).append(o.descending() ? " desc" : "");
    }
    return out.toString();
  }
}
