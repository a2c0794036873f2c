package dev.crossfade.schema.sql;

/** jOOQ prints a banner and tips on first use; generated files, build logs and applications' logs should not. */
public final class JooqBanner {
  private JooqBanner() {}

  /** Call before jOOQ's first use; idempotent. */
  public static void off() {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }
}
