package dev.crossfade.sample.boot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.schema.Version;
import dev.crossfade.spring.boot.CrossfadeMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;

/**
 * While the migrator expands and migrates release 2.0 on the application's PostgreSQL shard, {@code /actuator/health}
 * and {@code /actuator/crossfade} report each phase as the server's heartbeat sees it, and the metrics count the
 * requests and the backfill's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestExecutionListeners(listeners = PostgresShard.DropAfterContext.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class HealthFollowsTheMigratorOverHttpTest {
  static final PostgresShard SHARD = new PostgresShard(HealthFollowsTheMigratorOverHttpTest.class, MigratorOptions.defaults());
  static final Duration PATIENCE = Duration.ofSeconds(60);

  @DynamicPropertySource
  static void shard(DynamicPropertyRegistry properties) {
    SHARD.register(properties, "boot-health-test");
  }

  @LocalServerPort
  int port;

  @Autowired
  CrossfadeMetrics metrics;

  @Test
  void healthAndTheEndpointReportThePhasesAsTheMigratorMovesTheShardAndMetricsCountTheWork() {
    Http http = new Http(port);
    for (int id = 1; id <= 5; id++) {
      assertEquals(200, http.post("/hosts", "{\"id\": " + id + ", \"hostname\": \"db-" + id + "\", \"note\": \"n\"}")
          .status(), "host " + id);
    }
    assertEquals(200, http.get("/hosts/3").status());

    JsonNode health = http.get("/actuator/health").body();
    JsonNode crossfade = health.at("/components/crossfade");
    assertEquals("UP", crossfade.get("status").asText(), health.toString());
    assertEquals("CONTRACTED", crossfade.at("/details/default/phases/1.0").asText(), crossfade.toString());
    assertEquals("PENDING", crossfade.at("/details/default/phases/2.0").asText(), crossfade.toString());
    assertTrue(crossfade.at("/details/default/leaseHeld").asBoolean(), crossfade.toString());
    assertFalse(crossfade.at("/details/default/leaseAge").isNull(), crossfade.toString());
    // The drift check compares the live schema with the phases: the application's own table is the only difference
    // (drift is a detail; it does not make the server DOWN).
    assertEquals("[\"unexpected table host_note\"]", crossfade.at("/details/default/drift").toString(),
        crossfade.toString());

    JsonNode endpoint = http.get("/actuator/crossfade").body();
    assertEquals("PENDING", endpoint.at("/shards/default/phases/2.0").asText(), endpoint.toString());
    assertTrue(endpoint.at("/shards/default/servers").toString().contains("boot-health-test"), endpoint.toString());
    assertTrue(endpoint.at("/shards/default/table/0").asText().startsWith("shard default (postgres)"),
        endpoint.toString());

    SHARD.migrator.expand(SHARD.shard, Version.parse("2.0"));
    await().atMost(PATIENCE).until(() -> "EXPANDED".equals(
        http.get("/actuator/health").body().at("/components/crossfade/details/default/phases/2.0").asText()));
    assertEquals("EXPANDED", http.get("/actuator/crossfade/default").body().at("/phases/2.0").asText());

    // The migrator runs in this JVM with the starter's metrics as its backfill listener.
    new dev.crossfade.runtime.Migrator(SHARD.migrator.plan(), MigratorOptions.defaults()
        .withAckWait(PATIENCE).withListener(metrics)).migrate(SHARD.shard, Version.parse("2.0"));
    await().atMost(PATIENCE).until(() -> "MIGRATED".equals(
        http.get("/actuator/health").body().at("/components/crossfade/details/default/phases/2.0").asText()));
    JsonNode migrated = http.get("/actuator/crossfade").body();
    assertEquals("MIGRATED", migrated.at("/shards/default/phases/2.0").asText(), migrated.toString());
    assertTrue(migrated.at("/shards/default/backfillRows/2.0").asLong() >= 5, migrated.toString());
    assertEquals("UP", http.get("/actuator/health").body().at("/components/crossfade/status").asText());

    JsonNode writes = http.get("/actuator/metrics/crossfade.operations?tag=kind:write&tag=outcome:success").body();
    assertTrue(writes.at("/measurements/0/value").asDouble() >= 5, writes.toString());
    JsonNode rows = http.get("/actuator/metrics/crossfade.backfill.rows?tag=release:2.0").body();
    assertTrue(rows.at("/measurements/0/value").asDouble() >= 5, rows.toString());
    assertEquals(200, http.get("/actuator/metrics/crossfade.backfill.rate").status());
  }
}
