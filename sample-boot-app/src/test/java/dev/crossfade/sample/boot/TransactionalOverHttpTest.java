package dev.crossfade.sample.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfade.runtime.MigratorOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;

/**
 * {@code POST /hosts} runs a {@code @Transactional} service that saves a host through Crossfade's
 * {@code HostRepository} and inserts a note with a {@code JdbcTemplate}, on PostgreSQL: a request that fails
 * after both writes leaves neither, a successful one commits both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestExecutionListeners(listeners = PostgresShard.DropAfterContext.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class TransactionalOverHttpTest {
  static final PostgresShard SHARD = new PostgresShard(TransactionalOverHttpTest.class, MigratorOptions.defaults());

  @DynamicPropertySource
  static void shard(DynamicPropertyRegistry properties) {
    SHARD.register(properties, "boot-tx-test");
  }

  @LocalServerPort
  int port;

  @Test
  void aRequestThatFailsAfterBothWritesLeavesNeitherTheHostNorTheNote() {
    Http http = new Http(port);
    Http.Response r = http.post("/hosts", "{\"id\": 41, \"hostname\": \"web-41\", \"note\": \"racked\","
        + " \"failAfterWrites\": true}");
    assertEquals(409, r.status(), r.body().toString());

    assertEquals(404, http.get("/hosts/41").status(), "the Crossfade save was rolled back");
    assertEquals(0, http.get("/hosts/41/notes").body().get("notes").asInt(), "the JdbcTemplate insert was rolled back");
  }

  @Test
  void aSuccessfulRequestCommitsTheHostAndTheNote() {
    Http http = new Http(port);
    Http.Response r = http.post("/hosts", "{\"id\": 42, \"hostname\": \"web-42\", \"note\": \"racked\"}");
    assertEquals(200, r.status(), r.body().toString());

    Http.Response host = http.get("/hosts/42");
    assertEquals(200, host.status());
    assertEquals("web-42", host.body().get("hostname").asText());
    assertEquals(1, http.get("/hosts/42/notes").body().get("notes").asInt());
  }
}
