package dev.crossfade.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shards of a fleet, read from an inventory file, for the migrator's {@code --shards-file} and for
 * {@link Rollout}. One line per setting, {@code <shard>.<key> = <value>}, shards in the order they first appear;
 * {@code *.<key>} sets a default for every shard:
 *
 * <pre>
 * # credentials never in this file: from an environment variable or a file of their own
 * *.user = migrator
 * *.password.env = CROSSFADE_PASSWORD
 * eu-1.url = jdbc:postgresql://db-eu-1:5432/inventory
 * eu-1.groups = canary, eu
 * us-1.url = jdbc:mariadb://db-us-1:3306/inventory
 * us-1.groups = us
 * us-1.password.file = /run/secrets/us-1-db
 * </pre>
 *
 * <p>Keys: {@code url} (required), {@code groups} (comma-separated names for {@code --canary}), {@code user},
 * {@code password.env} (the name of an environment variable holding the password), {@code password.file} (a
 * file holding it; one trailing line break is dropped). A {@code password} key is refused: a password written in
 * the inventory would be one more copy to leak. Passwords are never printed; a URL's own password is hidden
 * like everywhere else ({@link JdbcUrlDataSource}).
 */
public final class ShardInventory {
  private static final Pattern LINE = Pattern.compile("^([^=\\s]+?)\\.(url|groups|user|password\\.env|password\\.file"
      + "|password)\\s*=\\s*(.*)$");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  /** One shard of the inventory: its connection and the groups it belongs to. */
  public record Entry(Shard shard, Set<String> groups) {
    public Entry {
      groups = Set.copyOf(groups);
    }
  }

  private ShardInventory() {}

  /** Reads {@code file}, taking passwords named by {@code password.env} from the process's environment. */
  public static List<Entry> read(Path file) {
    return read(file, System::getenv);
  }

  /**
   * Reads {@code file}, with {@code environment} answering {@code password.env} names.
   *
   * @throws IllegalArgumentException naming the file, the line and the fix, for an unreadable file, a line that
   *     is no setting, an unknown key, a password in the file, a shard without URL, or a missing variable or file
   */
  public static List<Entry> read(Path file, UnaryOperator<String> environment) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the shard inventory " + file + ": " + e.getMessage());
    }
    Map<String, Map<String, String>> byShard = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      String where = file.getFileName() + " line " + (i + 1);
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(where + " is not a setting: write <shard>.<key> = <value> with a key of"
            + " url, groups, user, password.env or password.file");
      }
      String name = m.group(1);
      String key = m.group(2);
      if (key.equals("password")) {
        throw new IllegalArgumentException(where + " writes a password into the inventory; name an environment"
            + " variable (" + name + ".password.env) or a file (" + name + ".password.file) that holds it instead");
      }
      if (!name.equals("*")) {
        try {
          new Shard(name, null, null);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
      }
      Map<String, String> target = name.equals("*") ? defaults : byShard.computeIfAbsent(name,
          n -> new LinkedHashMap<>());
      if (target.put(key, m.group(3).strip()) != null) {
        throw new IllegalArgumentException(where + " sets " + name + "." + key + " a second time; keep one");
      }
      lineOf.putIfAbsent(name + "." + key, i + 1);
    }
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : byShard.entrySet()) {
      String name = e.getKey();
      Map<String, String> s = new LinkedHashMap<>(defaults);
      if (e.getValue().containsKey("password.env") || e.getValue().containsKey("password.file")) {
        // A shard's own password source replaces the default one, whichever kind each is.
        s.remove("password.env");
        s.remove("password.file");
      }
      s.putAll(e.getValue());
      String url = s.get("url");
      if (url == null || url.isEmpty()) {
        throw new IllegalArgumentException(file.getFileName() + ": shard " + name + " has no url; add " + name
            + ".url = jdbc:…");
      }
      String password = password(file, name, s, environment);
      Shard probe = Shard.of(name, url); // checks the URL's database and gives its dialect
      Shard shard = new Shard(name, new JdbcUrlDataSource(url, s.get("user"), password), probe.dialect());
      Set<String> groups = new LinkedHashSet<>();
      for (String g : s.getOrDefault("groups", "").split(",")) {
        String group = g.strip();
        if (group.isEmpty()) {
          continue;
        }
        if (!GROUP.matcher(group).matches()) {
          throw new IllegalArgumentException(file.getFileName() + ": shard " + name + " names the group '" + group
              + "'; use 1 to 128 letters, digits, '_', '.' or '-'");
        }
        groups.add(group);
      }
      out.add(new Entry(shard, groups));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the shard inventory " + file + " names no shard; add <shard>.url = jdbc:…");
    }
    return List.copyOf(out);
  }

  private static String password(Path file, String name, Map<String, String> s, UnaryOperator<String> env) {
    String variable = s.get("password.env");
    String path = s.get("password.file");
    if (variable != null && path != null) {
      throw new IllegalArgumentException(file.getFileName() + ": shard " + name + " takes its password both from"
          + " password.env and password.file; keep one");
    }
    if (variable != null) {
      String value = env.apply(variable);
      if (value == null) {
        throw new IllegalArgumentException("shard " + name + ": the environment variable " + variable
            + " named by its password.env in " + file.getFileName() + " is not set; export it before running");
      }
      return value;
    }
    if (path != null) {
      Path secret = file.toAbsolutePath().getParent().resolve(path);
      try {
        String value = Files.readString(secret, StandardCharsets.UTF_8);
        return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
            : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
      } catch (IOException e) {
        throw new IllegalArgumentException("shard " + name + ": cannot read the password file " + secret
            + " named by its password.file in " + file.getFileName() + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    return null;
  }
}
