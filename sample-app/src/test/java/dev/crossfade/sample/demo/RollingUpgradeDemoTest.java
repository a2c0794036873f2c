package dev.crossfade.sample.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.runtime.Shard;
import dev.crossfade.sample.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The demo as a newcomer runs it, on embedded H2 shards: it exits 0 with its summary table, and its oracle
 * is not a rubber stamp: a row changed behind the demo's back fails it, naming the row.
 */
class RollingUpgradeDemoTest {

  private static String h2(String shard) {
    return "jdbc:h2:mem:demo-test-" + shard + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
  }

  @Test
  void theDemoOnThreeEmbeddedH2ShardsRunsTheWholeRolloutAndExitsZeroWithItsSummaryTable() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int exit = Demo.run(new String[] {"--shard", "eu-1=" + h2("eu-1"), "--shard", "eu-2=" + h2("eu-2"),
        "--shard", "eu-3=" + h2("eu-3"), "--servers", "3", "--hosts", "40", "--step-ms", "300", "--no-live"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out + errBytes.toString(StandardCharsets.UTF_8));
    for (String part : List.of("expand 2.0 on eu-1 (before any server runs 2.0)",
        "upgrade app-1 from 1.0 to 2.0: runs 2.0 before most of its shards have 2.0's schema",
        "migrate eu-1 refused, as it must be while 1.0 servers are live", "retire app-3 (1.0)",
        "contract 2.0 on eu-3", "Operations by server release and the phase of 2.0 each server saw on its shard:",
        "release      PENDING    EXPANDED   MIGRATING    MIGRATED CONTRACTING  CONTRACTED     total   refused  retried",
        "Time per phase, backfill by shard:", "OK: no write was lost and none was read back wrong.")) {
      assertTrue(out.contains(part), "the demo prints '" + part + "':\n" + out);
    }
    assertTrue(out.matches("(?s).*\\n1\\.0 +[0-9,]+ +[0-9,]+ .*"), "1.0 servers did work:\n" + out);
    assertTrue(out.matches("(?s).*\\n2\\.0 +[0-9,]+ +[0-9,]+ +[0-9,]+ +[0-9,]+ +[0-9,]+ +[1-9][0-9,]* .*"),
        "2.0 servers worked on CONTRACTED shards:\n" + out);
  }

  @Test
  void aRowChangedBehindTheDemosBackFailsTheOracleWhichNamesShardHostAndField() throws Exception {
    List<Shard> shards = new ArrayList<>();
    for (String name : List.of("eu-1", "eu-2")) {
      shards.add(Shard.of(name, h2(name)));
    }
    long[] corrupted = {-1};
    Rollout.Options options = Rollout.Options.defaults(shards).withSizes(2, 30, Duration.ofMillis(200))
        .withBeforeVerify(s -> corrupted[0] = corruptOneRow(s.get(1)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Rollout.Result result = new Rollout(options, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(result.ok(), out);
    assertEquals(1, result.mismatches().size(), "exactly the corrupted row: " + result.mismatches());
    Oracle.Mismatch m = result.mismatches().get(0);
    assertEquals("eu-2", m.shard());
    assertEquals(corrupted[0], m.id());
    assertEquals("status", m.field());
    assertEquals("final check", m.who());
    assertTrue(out.contains("FAILED: 1 mismatches"), out);
    assertTrue(out.contains("shard eu-2, host " + corrupted[0] + " (final check): status expected "), out);
  }

  /** Flips one host's status on the shard, as a stray script or a lost write would; returns its id. */
  private static long corruptOneRow(Shard shard) {
    try (Connection c = shard.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, status FROM host ORDER BY id LIMIT 1")) {
      assertTrue(rs.next(), "the shard has hosts");
      long id = rs.getLong(1);
      String flipped = "RETIRED".equals(rs.getString(2)) ? "ACTIVE" : "RETIRED";
      try (PreparedStatement ps = c.prepareStatement("UPDATE host SET status = ? WHERE id = ?")) {
        ps.setString(1, flipped);
        ps.setLong(2, id);
        assertEquals(1, ps.executeUpdate());
      }
      return id;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
