package dev.crossfade.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How {@link CrossfadeRegistry#find} picks the registry of a class loader. */
final class Registries {
  private static final Logger LOG = LoggerFactory.getLogger(Registries.class);

  private Registries() {}

  static CrossfadeRegistry nearest(ClassLoader loader) {
    List<CrossfadeRegistry> found = new ArrayList<>();
    Iterator<CrossfadeRegistry> it = ServiceLoader.load(CrossfadeRegistry.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        // Another release's registry listed by a parent's services file, whose class this loader keeps for its own
        // release: not this loader's domain. ServiceLoader goes on with the next provider.
        LOG.debug("skipping a Crossfade registry {} cannot load: {}", loader, e.getMessage());
      }
    }
    for (ClassLoader l = loader; ; l = l.getParent()) {
      List<CrossfadeRegistry> here = new ArrayList<>();
      for (CrossfadeRegistry r : found) {
        if (r.getClass().getClassLoader() == l) {
          here.add(r);
        }
      }
      if (here.size() > 1) {
        throw new IllegalStateException("class loader " + l + " holds the Crossfade registries of several"
            + " compilations (" + here.stream().map(r -> r.getClass().getName()).sorted().toList() + "); an"
            + " application is one compilation of its entities: compile them together, in one module");
      }
      if (here.size() == 1) {
        return here.get(0);
      }
      if (l == null) {
        return null;
      }
    }
  }
}
