package dev.crossfade.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code crossfade.*} properties.
 *
 * <pre>
 * # default: host name, process id and a random suffix
 * crossfade.server-id=app-7
 * # how long a registration lasts without a beat; the heartbeat defaults to a third of it
 * crossfade.lease=30s
 * crossfade.heartbeat=10s
 * crossfade.shards.eu-1.url=jdbc:postgresql://db-eu-1/inventory
 * crossfade.shards.eu-1.username=app
 * crossfade.shards.eu-1.password=${EU1_PASSWORD}
 * # a DataSource bean of the application, by name
 * crossfade.shards.us-1.data-source=usDataSource
 * </pre>
 *
 * <p>With no {@code crossfade.shards.*} at all, the application's one {@code DataSource} bean (Boot's
 * {@code spring.datasource.*}) is the only shard, named {@code crossfade.shard-name} (default {@code default}).
 */
@ConfigurationProperties("crossfade")
public class CrossfadeProperties {
  /** Whether to start Crossfade at all. */
  private boolean enabled = true;

  /** The id under which this server registers in every shard's fleet registry. */
  private String serverId;

  /** How long a registration lasts without a heartbeat. */
  private Duration lease = Duration.ofSeconds(30);

  /** How often to beat and refresh the phases (default: a third of the lease). */
  private Duration heartbeat;

  /** The shard's name when the application's single DataSource bean is the only shard. */
  private String shardName = "default";

  /** The shards by name; empty: the application's single DataSource bean is the shard. */
  private Map<String, ShardProperties> shards = new LinkedHashMap<>();

  /**
   * Where to look for {@code CrossfadeRepository} interfaces to register as beans when there is one shard
   * (default: the application's auto-configuration packages, those of its {@code @SpringBootApplication}).
   */
  private List<String> repositoryPackages = new ArrayList<>();

  /** One shard: a JDBC URL with credentials (the starter pools it with HikariCP), or a DataSource bean's name. */
  public static class ShardProperties {
    /** The JDBC URL of the shard's database. */
    private String url;

    /** The database user. */
    private String username;

    /** The database password; never logged, never shown by health or the endpoint. */
    private String password;

    /** The name of an application DataSource bean to use instead of a URL. */
    private String dataSource;

    /** The size of the pool the starter makes for a URL. */
    private int maximumPoolSize = 10;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getDataSource() {
      return dataSource;
    }

    public void setDataSource(String dataSource) {
      this.dataSource = dataSource;
    }

    public int getMaximumPoolSize() {
      return maximumPoolSize;
    }

    public void setMaximumPoolSize(int maximumPoolSize) {
      this.maximumPoolSize = maximumPoolSize;
    }

    /** Without the password: properties objects end up in logs and failure analyses. */
    @Override
    public String toString() {
      return dataSource != null ? "data-source=" + dataSource
          : "url=" + dev.crossfade.runtime.JdbcUrlDataSource.redact(url) + ", username=" + username
              + (password == null ? "" : ", password=****");
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getServerId() {
    return serverId;
  }

  public void setServerId(String serverId) {
    this.serverId = serverId;
  }

  public Duration getLease() {
    return lease;
  }

  public void setLease(Duration lease) {
    this.lease = lease;
  }

  public Duration getHeartbeat() {
    return heartbeat;
  }

  public void setHeartbeat(Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  public String getShardName() {
    return shardName;
  }

  public void setShardName(String shardName) {
    this.shardName = shardName;
  }

  public Map<String, ShardProperties> getShards() {
    return shards;
  }

  public void setShards(Map<String, ShardProperties> shards) {
    this.shards = shards;
  }

  public List<String> getRepositoryPackages() {
    return repositoryPackages;
  }

  public void setRepositoryPackages(List<String> repositoryPackages) {
    this.repositoryPackages = repositoryPackages;
  }
}
