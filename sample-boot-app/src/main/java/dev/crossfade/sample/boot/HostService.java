package dev.crossfade.sample.boot;

import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostStatus;
import dev.crossfade.sample.repository.HostRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers a host and a note about it in one Spring transaction: the host through Crossfade's
 * {@link HostRepository}, the note with a plain {@link JdbcTemplate} into a table Crossfade does not manage. Both
 * use the application's one {@code DataSource}, so they commit together or not at all.
 */
@Service
public class HostService {
  private final HostRepository hosts;
  private final JdbcTemplate jdbc;

  public HostService(HostRepository hosts, JdbcTemplate jdbc) {
    this.hosts = hosts;
    this.jdbc = jdbc;
    jdbc.execute("CREATE TABLE IF NOT EXISTS host_note (host_id BIGINT NOT NULL, note VARCHAR(200) NOT NULL)");
  }

  /**
   * Saves the host and its note; when {@code failAfterWrites}, fails after both writes, so the transaction rolls
   * both back.
   */
  @Transactional
  public Host register(long id, String hostname, String note, boolean failAfterWrites) {
    Host host = hosts.save(host(id, hostname));
    jdbc.update("INSERT INTO host_note (host_id, note) VALUES (?, ?)", id, note);
    if (failAfterWrites) {
      throw new RegistrationFailed("host " + id + " was written and its note too, then the registration failed;"
          + " the transaction rolls both back");
    }
    return host;
  }

  @Transactional(readOnly = true)
  public Optional<Host> find(long id) {
    return hosts.findById(id);
  }

  public int notes(long hostId) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM host_note WHERE host_id = ?", Integer.class, hostId);
    return n == null ? 0 : n;
  }

  /** A host this release can store on every phase of 2.0: cpuCount keeps its declared default until 2.0 is EXPANDED. */
  static Host host(long id, String hostname) {
    int memoryMb = 4096;
    return new Host(id, hostname, hostname, "10.0.0." + (id % 250), null, "linux", "6.1", memoryMb,
        memoryMb * 1024L * 1024L, 1, null, HostStatus.ACTIVE, UUID.nameUUIDFromBytes(hostname.getBytes(
            java.nio.charset.StandardCharsets.UTF_8)), null, new BigDecimal("12.50"),
        Instant.parse("2026-01-01T00:00:00Z").truncatedTo(ChronoUnit.SECONDS), true, null);
  }

  /** A registration that failed after its writes (the controller answers 409). */
  public static final class RegistrationFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RegistrationFailed(String message) {
      super(message);
    }
  }
}
