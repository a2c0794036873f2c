package dev.crossfade.runtime.internal;

import dev.crossfade.runtime.JdbcUrlDataSource;

/** How the runtime puts a message on one line for people: the command line, rollout outcomes, status rows. */
public final class Text {
  private Text() {}

  /**
   * The text on one line, with any password hidden ({@link JdbcUrlDataSource#redact}): a driver's message may
   * quote its URL, and picocli echoes arguments. Null becomes empty.
   */
  public static String oneLine(String text) {
    return text == null ? "" : JdbcUrlDataSource.redact(text.replaceAll("\\s*\\R+\\s*", " ").strip());
  }

  /** The exception's message on one line, or its type's simple name when it has none. */
  public static String oneLine(Throwable t) {
    String m = oneLine(t.getMessage());
    return m.isEmpty() ? t.getClass().getSimpleName() : m;
  }
}
