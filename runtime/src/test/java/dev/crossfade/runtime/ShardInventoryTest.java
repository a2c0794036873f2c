package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 1: the shard inventory names shards, URLs and groups in file order, takes passwords from
 * environment variables or files only, and refuses, naming file, line or shard and the fix, anything else.
 */
class ShardInventoryTest {
  @TempDir
  Path dir;

  private Path file(String... lines) throws Exception {
    Path f = dir.resolve("shards.properties");
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void shardsComeInFileOrderWithGroupsDefaultsAndPasswordsFromTheEnvironmentOrAFile() throws Exception {
    Files.writeString(dir.resolve("us-secret"), "from-file\n");
    Path f = file("# fleet", "*.user = migrator", "*.password.env = FLEET_PW",
        "eu-1.url = jdbc:postgresql://db-eu-1:5432/inventory", "eu-1.groups = canary, eu",
        "us-1.url = jdbc:mariadb://db-us-1:3306/inventory", "us-1.password.file = us-secret",
        "", "h2.url = jdbc:h2:mem:h2shard");
    List<ShardInventory.Entry> shards = ShardInventory.read(f, Map.of("FLEET_PW", "from-env")::get);
    assertEquals(List.of("eu-1", "us-1", "h2"), shards.stream().map(e -> e.shard().name()).toList());
    assertEquals(Set.of("canary", "eu"), shards.get(0).groups());
    assertEquals(Set.of(), shards.get(1).groups());
    assertEquals(List.of(Dialect.POSTGRES, Dialect.MARIADB, Dialect.H2),
        shards.stream().map(e -> e.shard().dialect()).toList());
    // The H2 shard is reachable with the inventory's credentials: user migrator, the password from the environment.
    try (var c = shards.get(2).shard().dataSource().getConnection()) {
      assertEquals("MIGRATOR", c.getMetaData().getUserName().toUpperCase(java.util.Locale.ROOT));
    }
    for (ShardInventory.Entry e : shards) {
      assertFalse(e.shard().dataSource().toString().contains("from-"), e.shard().dataSource().toString());
    }
  }

  @Test
  void aPasswordFromTheInventoryNeverAppearsInAConnectionError() throws Exception {
    Path f = file("eu-1.url = jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1", "eu-1.user = app",
        "eu-1.password.env = PW");
    Shard shard = ShardInventory.read(f, Map.of("PW", "s3cret-Value")::get).get(0).shard();
    SQLException e = assertThrows(SQLException.class, () -> shard.dataSource().getConnection().close());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("s3cret-Value"), t.toString());
    }
  }

  @Test
  void mistakesAreRefusedNamingTheLineOrShardAndTheFix() throws Exception {
    assertRefused(file("eu-1.url = jdbc:h2:mem:a", "eu-1.password = hunter2"),
        "shards.properties line 2 writes a password into the inventory; name an environment variable"
            + " (eu-1.password.env) or a file (eu-1.password.file) that holds it instead");
    assertRefused(file("eu-1.url = jdbc:h2:mem:a", "eu-1.port = 5432"), "shards.properties line 2 is not a setting");
    assertRefused(file("eu-1.groups = eu"), "shards.properties: shard eu-1 has no url; add eu-1.url = jdbc:…");
    assertRefused(file("eu-1.url = jdbc:h2:mem:a", "eu-1.password.env = NOT_SET_ANYWHERE"),
        "shard eu-1: the environment variable NOT_SET_ANYWHERE named by its password.env in shards.properties is"
            + " not set; export it before running");
    assertRefused(file("eu-1.url = jdbc:h2:mem:a", "eu-1.password.file = missing"),
        "shard eu-1: cannot read the password file");
    assertRefused(file("eu 1.url = jdbc:h2:mem:a"), "shards.properties line 1 is not a setting");
    assertRefused(file("eu;1.url = jdbc:h2:mem:a"), "shards.properties line 1: shard name 'eu;1' is not valid");
    assertRefused(file("eu-1.url = jdbc:h2:mem:a", "eu-1.url = jdbc:h2:mem:b"),
        "shards.properties line 2 sets eu-1.url a second time; keep one");
    assertRefused(file("# nothing"), "names no shard");
    assertRefused(file("eu-1.url = jdbc:oracle:thin:@db"), "shard eu-1: cannot tell the database from a URL starting 'jdbc:oracle:'");
  }

  private static void assertRefused(Path f, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ShardInventory.read(f, Map.<String, String>of()::get));
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }
}
