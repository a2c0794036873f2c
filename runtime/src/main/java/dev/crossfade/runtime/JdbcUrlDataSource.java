package dev.crossfade.runtime;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection per call through {@link DriverManager}: enough for the
 * migrator's command line. Applications pass their own pooled {@code DataSource} to {@link Shard}.
 */
public final class JdbcUrlDataSource implements DataSource {
  private final String url;

  public JdbcUrlDataSource(String url) {
    this.url = url;
  }

  /** The URL as given, credentials included: for handing to another process, never for logs. */
  public String url() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static final java.util.regex.Pattern PASSWORD =
      java.util.regex.Pattern.compile("(?i)(password=)[^&;,'\"\\s]*");

  /** The text (a URL, or a message quoting one) with any {@code password=…} hidden, for messages and logs. */
  public static String redact(String text) {
    return PASSWORD.matcher(text).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return redact(url);
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
