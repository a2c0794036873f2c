package dev.crossfade.schema.sql;

import java.util.Locale;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;

/**
 * The jOOQ settings every Crossfade {@code DSLContext} starts from: the one place that configures jOOQ.
 *
 * <ul>
 *   <li><b>Output independent of the JVM's locale.</b> jOOQ upper-cases keywords with the render locale, which
 *   defaults to the JVM's: under a Turkish locale {@code constraint} becomes {@code CONSTRAİNT} (dotted capital
 *   İ) and PostgreSQL and MariaDB reject the statement. {@link Locale#ROOT} makes generated files and runtime
 *   statements byte-identical on every machine.
 *   <li>Identifiers always quoted (they are validated lower snake_case, so quoting never changes them).
 *   <li>No execute logging: the repositories and the migrator log what matters themselves.
 *   <li>No banner: jOOQ logs a logo and a tip the first time it renders. The only switches are the system
 *   properties {@code org.jooq.no-logo} and {@code org.jooq.no-tips}, read once when jOOQ's renderer class
 *   is initialised. Setting them for good would change the whole process (the application's own jOOQ
 *   included), so {@link #settings()} sets them only while it initialises that class, once, and puts back
 *   what was there; a value the application set itself is left alone. If the application used jOOQ first,
 *   its banner has been printed already and nothing is changed.
 * </ul>
 */
public final class JooqSettings {
  private static final String RENDERER = "org.jooq.impl.DefaultRenderContext";
  private static final String[] BANNER_PROPERTIES = {"org.jooq.no-logo", "org.jooq.no-tips"};
  private static final Object BANNER_LOCK = new Object();
  private static volatile boolean bannerHandled;

  private JooqSettings() {}

  /** New settings with Crossfade's defaults; callers add what only they need. */
  public static Settings settings() {
    quietBanner();
    return new Settings()
        .withRenderLocale(Locale.ROOT)
        .withLocale(Locale.ROOT)
        .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
        .withExecuteLogging(false);
  }

  private static void quietBanner() {
    if (bannerHandled) {
      return;
    }
    synchronized (BANNER_LOCK) {
      if (bannerHandled) {
        return;
      }
      String[] before = new String[BANNER_PROPERTIES.length];
      for (int i = 0; i < before.length; i++) {
        before[i] = System.getProperty(BANNER_PROPERTIES[i]);
        if (before[i] == null) {
          System.setProperty(BANNER_PROPERTIES[i], "true");
        }
      }
      try {
        Class.forName(RENDERER, true, Settings.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // A jOOQ that renamed its renderer: at worst its banner shows once.
      } finally {
        for (int i = 0; i < before.length; i++) {
          if (before[i] == null) {
            System.clearProperty(BANNER_PROPERTIES[i]);
          }
        }
        bannerHandled = true;
      }
    }
  }
}
