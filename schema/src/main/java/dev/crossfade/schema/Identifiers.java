package dev.crossfade.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SQL identifiers Crossfade accepts: lower snake_case. They are always quoted in generated SQL, so reserved
 * words are safe; lower case keeps quoted names identical to unquoted ones on PostgreSQL and MariaDB.
 * How long a name may be depends on the dialect ({@link dev.crossfade.schema.sql.Dialect#maxIdentifierLength()});
 * {@link #isValid} is the portable rule, at most 63 characters (PostgreSQL's limit, the smallest).
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 63;
  private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]*");

  private Identifiers() {}

  /** Lower snake_case and short enough for every supported dialect. */
  public static boolean isValid(String name) {
    return isWellFormed(name) && name.length() <= MAX_LENGTH;
  }

  /**
   * Lower snake_case, whatever its length: the processor checks the length against the dialects the build
   * selected, so a MariaDB-only schema may use its 64 characters.
   */
  public static boolean isWellFormed(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** {@code ipAddress -> ip_address}, {@code HostOS -> host_os}; locale-proof. */
  public static String snakeCase(String javaName) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      boolean upper = c >= 'A' && c <= 'Z';
      if (upper && i > 0) {
        char prev = javaName.charAt(i - 1);
        boolean nextLower = i + 1 < javaName.length() && Character.isLowerCase(javaName.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          b.append('_');
        }
      }
      b.append(c);
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * A derived name (index, constraint) that fits {@link #MAX_LENGTH}: too long a name is cut and ended with
   * a stable hash of the whole, so two long names never collide.
   */
  public static String derived(String name) {
    if (name.length() <= MAX_LENGTH) {
      return name;
    }
    return name.substring(0, MAX_LENGTH - 9) + "_" + sha256Prefix(name);
  }

  /** Eight hex digits of SHA-256: String.hashCode() collides too easily ("c0" and "an"). */
  private static String sha256Prefix(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format(Locale.ROOT, "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
