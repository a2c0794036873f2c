package dev.crossfade.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.runtime.JdbcUrlDataSource;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.Shards;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's shards as the starter configured them, with the {@link DataSource} of each: give a shard's
 * {@code DataSource} to a {@code JdbcTemplate} or a {@code DataSourceTransactionManager} and they share its
 * pool and, inside a transaction, its connection with Crossfade's repositories.
 *
 * <pre>{@code
 * @Bean JdbcTemplate euJdbc(CrossfadeShards shards) { return new JdbcTemplate(shards.dataSource("eu-1")); }
 * @Bean PlatformTransactionManager euTx(CrossfadeShards shards) {
 *   return new DataSourceTransactionManager(shards.dataSource("eu-1"));
 * }
 * }</pre>
 *
 * <p>The pools the starter made for {@code crossfade.shards.<name>.url} are closed with the context, after
 * Crossfade has left every shard; an application's own {@code DataSource} beans are left to the application.
 */
public final class CrossfadeShards implements DisposableBean {
  private final Shards shards;
  private final Map<String, DataSource> dataSources;
  private final List<HikariDataSource> owned;

  private CrossfadeShards(Shards shards, Map<String, DataSource> dataSources, List<HikariDataSource> owned) {
    this.shards = shards;
    this.dataSources = Collections.unmodifiableMap(dataSources);
    this.owned = owned;
  }

  /** The shards of {@code crossfade.shards.*}, or the application's single {@code DataSource} as one shard. */
  static CrossfadeShards from(CrossfadeProperties properties, BeanFactory beans, ObjectProvider<DataSource> single) {
    Map<String, DataSource> sources = new LinkedHashMap<>();
    List<HikariDataSource> owned = new ArrayList<>();
    try {
      if (properties.getShards().isEmpty()) {
        DataSource ds = single.getIfUnique();
        if (ds == null) {
          throw new IllegalStateException("Crossfade has no shard: set crossfade.shards.<name>.url (or"
              + " crossfade.shards.<name>.data-source=<bean name>), or give the application exactly one DataSource"
              + " bean (spring.datasource.url), which becomes the shard '" + properties.getShardName()
              + "'; crossfade.enabled=false turns Crossfade off");
        }
        sources.put(properties.getShardName(), ds);
      } else {
        properties.getShards().forEach((name, p) -> sources.put(name, dataSource(name, p, beans, owned)));
      }
      List<Shard> list = new ArrayList<>();
      sources.forEach((name, ds) -> list.add(Shard.of(name, ds)));
      return new CrossfadeShards(Shards.of(list.toArray(Shard[]::new)), sources, owned);
    } catch (RuntimeException e) {
      owned.forEach(HikariDataSource::close);
      throw e;
    }
  }

  private static DataSource dataSource(String name, CrossfadeProperties.ShardProperties p, BeanFactory beans,
      List<HikariDataSource> owned) {
    if (p.getDataSource() != null) {
      if (p.getUrl() != null) {
        throw new IllegalStateException("crossfade.shards." + name + " sets both url and data-source; set one");
      }
      try {
        return beans.getBean(p.getDataSource(), DataSource.class);
      } catch (NoSuchBeanDefinitionException e) {
        throw new IllegalStateException("crossfade.shards." + name + ".data-source names the bean '"
            + p.getDataSource() + "', but the application has no DataSource bean of that name", e);
      }
    }
    if (p.getUrl() == null) {
      throw new IllegalStateException("crossfade.shards." + name + " needs a url (with username and password)"
          + " or a data-source (the name of a DataSource bean)");
    }
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("crossfade-" + name);
    pool.setJdbcUrl(p.getUrl());
    pool.setUsername(p.getUsername());
    pool.setPassword(p.getPassword());
    pool.setMaximumPoolSize(p.getMaximumPoolSize());
    // Connect when first used, inside Shard.of, whose message names the shard (Hikari's would quote the URL).
    pool.setInitializationFailTimeout(-1);
    owned.add(pool);
    return pool;
  }

  /** The runtime's shards, as {@code Crossfade} was built with. */
  public Shards shards() {
    return shards;
  }

  /** The shard's names, in the order configured. */
  public List<String> names() {
    return List.copyOf(dataSources.keySet());
  }

  /** The shard's {@code DataSource}: the starter's pool for a URL, else the application's bean. */
  public DataSource dataSource(String shard) {
    DataSource ds = dataSources.get(shard);
    if (ds == null) {
      throw new IllegalArgumentException("no Crossfade shard named " + shard + "; configured: " + names());
    }
    return ds;
  }

  /** Closes the pools the starter made (after Crossfade, which depends on this bean, has left the shards). */
  @Override
  public void destroy() {
    owned.forEach(HikariDataSource::close);
  }

  @Override
  public String toString() {
    return "CrossfadeShards" + shards.all() + " (urls: " + dataSources.values().stream()
        .filter(HikariDataSource.class::isInstance).map(d -> JdbcUrlDataSource.redact(((HikariDataSource) d)
            .getJdbcUrl())).toList() + ")";
  }
}
