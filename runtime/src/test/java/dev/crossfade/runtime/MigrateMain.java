package dev.crossfade.runtime;

import java.time.Duration;

/**
 * A migrator process for {@link BackfillCrashResumeTest}: builds the sample domain's plan the way the tests
 * do and runs {@code migrate --release 2.0} on one shard with small batches and a pause, so that it is slow
 * enough to be killed in the middle of the backfill. Arguments: JDBC URL, initial batch size, target batch
 * time in ms, pause between batches in ms. Prints one line per batch.
 */
public final class MigrateMain {
  private MigrateMain() {}

  public static void main(String[] args) {
    String url = args[0];
    MigratorOptions options = MigratorOptions.defaults()
        .withBatches(Integer.parseInt(args[1]), Duration.ofMillis(Long.parseLong(args[2])),
            Duration.ofMillis(Long.parseLong(args[3])))
        .withListener(p -> System.out.println(p.line()));
    Migrator migrator = new Migrator(HostRows.plan(), options);
    System.out.println("migrating");
    System.out.println(migrator.migrate(Shard.of("eu-1", url), HostRows.V2).render());
  }
}
