package dev.crossfade.sample.demo;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * Loads one older release of the app from a folder of the jar ({@code release-1.0/}) next to the current
 * release, the way a second server would run it: the app's own classes and its generated plan come from that
 * folder first, everything else (the Crossfade runtime, jOOQ, the JDBC drivers) from the application. Its
 * generated registry is listed only by its own services file: the newer release's registry is the
 * application's, and this loader could not load that class anyway (the package is the older release's).
 */
final class ReleaseClassLoader extends URLClassLoader {
  private static final String APP_PACKAGE = "dev.crossfade.sample.";
  private static final String DEMO_PACKAGE = "dev.crossfade.sample.demo.";
  private static final String PLAN = "META-INF/crossfade/";
  private static final String REGISTRY = "META-INF/services/dev.crossfade.runtime.CrossfadeRegistry";

  static {
    ClassLoader.registerAsParallelCapable();
  }

  ReleaseClassLoader(String release, URL folder, ClassLoader parent) {
    super("crossfade-release-" + release, new URL[] {folder}, parent);
  }

  private static boolean own(String className) {
    return className.startsWith(APP_PACKAGE) && !className.startsWith(DEMO_PACKAGE)
        && !className.equals("dev.crossfade.sample.Demo");
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!own(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name); // never the newer release's class of the same name
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    return ownResource(name) ? findResource(name) : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return ownResource(name) ? findResources(name) : super.getResources(name);
  }

  /** A resource this release generated: its plan and its registry's services file. */
  private static boolean ownResource(String name) {
    return name.startsWith(PLAN) || name.equals(REGISTRY);
  }
}
