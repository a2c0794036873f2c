package dev.crossfade.runtime;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection per call through {@link DriverManager}: enough for the
 * migrator's command line, far too slow for traffic (a PostgreSQL session costs milliseconds to start).
 * Applications pass their own pooled {@code DataSource} to {@link Shard#of(String, DataSource)}.
 *
 * <pre>{@code
 * DataSource ds = new JdbcUrlDataSource("jdbc:postgresql://db-eu-1/inventory?user=app");
 * }</pre>
 *
 * <p>The URL may carry a password ({@code password=…}, {@code sslpassword=…}, {@code user:secret@host}); it
 * never leaves this class in text meant for people: {@link #toString()} hides it, and an exception of the
 * driver that quotes the URL (such as {@code DriverManager}'s "No suitable driver found for …") or the
 * password is rethrown with the password hidden, keeping its type, SQLSTATE, vendor code and stack trace.
 */
public final class JdbcUrlDataSource implements DataSource {
  private static final String HIDDEN = "***";
  /** {@code password=}, {@code sslpassword=}, {@code trustStorePassword=}, MySQL's {@code password1=} …: the value. */
  private static final Pattern PASSWORD = Pattern.compile("(?i)([a-z_.]*password[0-9]*=)([^&;,'\"\\s)]*)");
  /** {@code scheme://user:secret@host}: the secret. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@\\s:?&;]+:)([^@/\\s]+)(@)");

  private final String url;
  private final List<String> secrets;
  /** Credentials given apart from the URL (a shard inventory's), or null: the URL's own are used. */
  private final String user;
  private final String password;

  /** A data source over a JDBC URL whose password never appears in an exception, a log line or {@code toString()}. */
  public JdbcUrlDataSource(String url) {
    this(url, null, null);
  }

  /**
   * A URL with credentials kept apart from it (from an environment variable or a file, as a shard inventory
   * names them): the password is hidden like one in the URL and never part of {@link #toString()}.
   */
  public JdbcUrlDataSource(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
    List<String> found = new ArrayList<>(secrets(url));
    if (password != null && !password.isEmpty()) {
      found.add(password);
      found.sort((a, b) -> b.length() - a.length());
    }
    this.secrets = List.copyOf(found);
  }

  /** The URL as given, credentials included: for handing to another process, never for logs. */
  public String url() {
    return url;
  }

  /**
   * The same database, opened only if it exists: an H2 file URL gets {@code IFEXISTS=TRUE}, because H2 creates
   * a missing file on connect (a mistyped path would become a new, empty database). PostgreSQL and MariaDB
   * never create a database on connect; an in-memory H2 database leaves nothing behind.
   */
  public JdbcUrlDataSource existingOnly() {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.contains(";ifexists=")) {
      return this;
    }
    return new JdbcUrlDataSource(url + ";IFEXISTS=TRUE", user, password);
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (user != null || password != null) {
        java.util.Properties info = new java.util.Properties();
        if (user != null) {
          info.setProperty("user", user);
        }
        if (password != null) {
          info.setProperty("password", password);
        }
        return DriverManager.getConnection(url, info);
      }
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw hideSecrets(e);
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    try {
      return DriverManager.getConnection(url, user, password);
    } catch (SQLException e) {
      throw hideSecrets(e);
    }
  }

  /** The text (a URL, or a message quoting one) with any password hidden, for messages and logs. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = PASSWORD.matcher(text).replaceAll("$1" + HIDDEN);
    return USER_INFO.matcher(out).replaceAll("$1" + HIDDEN + "$3");
  }

  /** Every password the URL carries, longest first, so that none is left half-hidden. */
  private static List<String> secrets(String url) {
    List<String> out = new ArrayList<>();
    for (Pattern p : List.of(PASSWORD, USER_INFO)) {
      Matcher m = p.matcher(url);
      while (m.find()) {
        if (!m.group(2).isEmpty()) {
          out.add(m.group(2));
        }
      }
    }
    out.sort((a, b) -> b.length() - a.length());
    return List.copyOf(out);
  }

  private String hide(String text) {
    if (text == null) {
      return null;
    }
    String out = redact(text);
    for (String secret : secrets) {
      out = out.replace(secret, HIDDEN);
    }
    return out;
  }

  private boolean leaks(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.equals(hide(m))) {
        return true;
      }
      if (c instanceof SQLException s && s.getNextException() != null && leaks(s.getNextException())) {
        return true;
      }
    }
    return false;
  }

  /** The exception itself when it quotes no password; otherwise a copy with every password hidden. */
  SQLException hideSecrets(SQLException e) {
    return leaks(e) ? copy(e) : e;
  }

  private SQLException copy(SQLException e) {
    SQLException out = null;
    try {
      Constructor<? extends SQLException> c = e.getClass().getConstructor(String.class, String.class, int.class);
      out = c.newInstance(hide(e.getMessage()), e.getSQLState(), e.getErrorCode());
    } catch (ReflectiveOperationException | RuntimeException noSuchConstructor) {
      out = new SQLException(e.getClass().getName() + ": " + hide(e.getMessage()), e.getSQLState(), e.getErrorCode());
    }
    out.setStackTrace(e.getStackTrace());
    Throwable cause = e.getCause();
    if (cause != null && cause != e) {
      out.initCause(cause instanceof SQLException s ? copy(s) : copyOther(cause));
    }
    if (e.getNextException() != null) {
      out.setNextException(copy(e.getNextException()));
    }
    return out;
  }

  /** A cause that is not an SQL exception (an {@code UnknownHostException} naming {@code user:secret@host}). */
  private Throwable copyOther(Throwable t) {
    if (!leaks(t)) {
      return t;
    }
    Exception out = new Exception(t.getClass().getName() + ": " + hide(t.getMessage()));
    out.setStackTrace(t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause != null && cause != t) {
      out.initCause(cause instanceof SQLException s ? copy(s) : copyOther(cause));
    }
    return out;
  }

  @Override
  public String toString() {
    return hide(url);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
