package dev.crossfade.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy between the code under test and a database, on 127.0.0.1 only, that can freeze the network the
 * way a dropped link does: while frozen it accepts and reads but forwards nothing in either direction and
 * closes nothing, so the client sees neither an error nor a reply (a refused or reset connection would be a
 * kinder fault). {@link #resume()} forwards what was held, in order. {@link #freezeOnClientBytes} freezes at
 * the exact moment the client sends given bytes (a value bound to a statement), holding that statement, so a
 * test can freeze in the middle of a transaction without guessing at timing.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.to(db.url())) {
 *   Shard shard = Shard.of("eu-1", proxy.url(db.url()));
 *   proxy.freeze(); ... proxy.resume();
 * }
 * }</pre>
 */
final class TcpProxy implements AutoCloseable {
  private static final Pattern HOST_PORT = Pattern.compile("(jdbc:[a-z]+://)([^:/?]+):(\\d+)");

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean frozen;
  private boolean closed;
  private byte[] marker;
  private CountDownLatch markerSeen = new CountDownLatch(0);

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to the database a JDBC URL names ({@code jdbc:…://host:port/…}). */
  static TcpProxy to(String jdbcUrl) throws IOException {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    if (!m.find()) {
      throw new IllegalArgumentException("no host:port in " + jdbcUrl);
    }
    return new TcpProxy(m.group(2), Integer.parseInt(m.group(3)));
  }

  /** The same URL, leading through this proxy. */
  String url(String jdbcUrl) {
    return HOST_PORT.matcher(jdbcUrl).replaceFirst("$1127.0.0.1:" + server.getLocalPort());
  }

  /** Stops forwarding in both directions, closing nothing. */
  void freeze() {
    synchronized (gate) {
      frozen = true;
    }
  }

  /** Forwards again, first what was held. */
  void resume() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  /** Freezes as soon as a client sends {@code text} (in UTF-8); that chunk is held with the rest. */
  void freezeOnClientBytes(String text) {
    synchronized (gate) {
      marker = text.getBytes(StandardCharsets.UTF_8);
      markerSeen = new CountDownLatch(1);
    }
  }

  /** Waits until {@link #freezeOnClientBytes} has frozen the proxy; false if it did not within {@code atMost}. */
  boolean awaitFrozenOnClientBytes(Duration atMost) throws InterruptedException {
    CountDownLatch seen;
    synchronized (gate) {
      seen = markerSeen;
    }
    return seen.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket db = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(db);
        pump(client, db, true);
        pump(db, client, false);
      } catch (IOException e) {
        if (!server.isClosed()) {
          throw new IllegalStateException("the test proxy failed: " + e, e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromClient) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          if (fromClient) {
            checkMarker(buf, n);
          }
          awaitThaw();
          out.write(buf, 0, n);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException | InterruptedException e) {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-" + (fromClient ? "up" : "down"));
    t.setDaemon(true);
    t.start();
  }

  private void checkMarker(byte[] buf, int n) {
    synchronized (gate) {
      if (marker != null && contains(buf, n, marker)) {
        frozen = true;
        marker = null;
        markerSeen.countDown();
      }
    }
  }

  private void awaitThaw() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait();
      }
    }
  }

  private static boolean contains(byte[] buf, int n, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= n; i++) {
      for (int j = 0; j < part.length; j++) {
        if (buf[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (gate) {
      closed = true;
      gate.notifyAll();
    }
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
