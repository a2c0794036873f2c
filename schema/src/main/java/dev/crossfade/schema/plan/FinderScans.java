package dev.crossfade.schema.plan;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.query.Finder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a derived finder cannot run as SQL and scans instead, worked out from the {@link Placement} alone: a
 * property it filters or orders by whose {@link Placement.Read#comparableInSql() read} is converted or a
 * default. The shard states walked are the code's history one release at a time: release {@code R} in each
 * phase, the releases before it CONTRACTED and those after it PENDING; states where the entity has no rows are
 * skipped (the finder returns nothing without reading).
 *
 * <pre>{@code
 * for (FinderScans.Window w : FinderScans.of(model, host, finder)) {
 *   // w.release() 2.0, w.phases() [PENDING, EXPANDED, MIGRATING], w.properties() [memoryBytes]
 * }
 * }</pre>
 */
public final class FinderScans {
  private FinderScans() {}

  /**
   * The phases of one release in which the finder scans, and the properties it then compares in Java.
   *
   * @param release the release whose phases these are
   * @param phases those phases, in order
   * @param properties the finder's properties that SQL cannot compare in some of them, in the finder's order
   */
  public record Window(Version release, List<Phase> phases, List<String> properties) {
    public Window {
      phases = List.copyOf(phases);
      properties = List.copyOf(properties);
    }
  }

  /** The windows in which {@code finder} on {@code entity} scans, by release; empty when it is always SQL. */
  public static List<Window> of(SchemaModel model, EntityDef entity, Finder finder) {
    Set<String> properties = new LinkedHashSet<>();
    finder.predicates().forEach(p -> properties.add(p.property()));
    finder.orderBy().forEach(o -> properties.add(o.property()));
    List<Window> out = new ArrayList<>();
    for (Version release : model.releases()) {
      if (release.equals(model.baseline())) {
        continue;
      }
      List<Phase> phases = new ArrayList<>();
      Set<String> scanned = new LinkedHashSet<>();
      for (Phase phase : Phase.values()) {
        Placement placement = Placement.of(model, entity, v -> v.isBefore(release) ? Phase.CONTRACTED
            : v.equals(release) ? phase : Phase.PENDING);
        if (placement.absent() != null) {
          continue;
        }
        boolean scans = false;
        for (String property : properties) {
          if (!placement.field(property).read().comparableInSql()) {
            scanned.add(property);
            scans = true;
          }
        }
        if (scans) {
          phases.add(phase);
        }
      }
      if (!phases.isEmpty()) {
        List<String> ordered = properties.stream().filter(scanned::contains).toList();
        out.add(new Window(release, phases, ordered));
      }
    }
    return out;
  }
}
