package dev.crossfade.spring.boot;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.CrossfadeEvents;
import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.TransactionBinding;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Crossfade in a Spring Boot application: the shards ({@link CrossfadeShards}), the {@link Crossfade} server
 * started when the context starts and left when it closes, Spring's transactions for its repositories
 * ({@link SpringTransactionBinding}), the repositories ({@link CrossfadeRepositories}, and with one shard each
 * repository interface as a bean), and, where the application has them, health, the {@code crossfade} actuator
 * endpoint and Micrometer meters. {@code crossfade.enabled=false} turns all of it off.
 *
 * <p>The {@code Crossfade} bean starts while the context is refreshed (a shard that refuses this release fails the
 * start, as Flyway fails a start whose migration fails), and {@code close()} (leave every shard's fleet
 * registry) runs when the context closes: after the web server has stopped taking requests and finished those in
 * flight, before the starter's pools close.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(prefix = "crossfade", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CrossfadeProperties.class)
@Import(CrossfadeRepositoryRegistrar.class)
public class CrossfadeAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public CrossfadeShards crossfadeShards(CrossfadeProperties properties, BeanFactory beans,
      ObjectProvider<DataSource> dataSources) {
    return CrossfadeShards.from(properties, beans, dataSources);
  }

  /** Spring's transactions for the repositories; an application's own {@link TransactionBinding} bean replaces it. */
  @Bean
  @ConditionalOnMissingBean(TransactionBinding.class)
  public TransactionBinding crossfadeTransactionBinding() {
    return new SpringTransactionBinding();
  }

  /** Every {@link CrossfadeEvents} bean hears the repositories: the starter's meters and any of the application's. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Crossfade crossfade(CrossfadeProperties properties, CrossfadeShards shards,
      TransactionBinding transactions, ObjectProvider<CrossfadeEvents> events) {
    Crossfade.Builder builder = Crossfade.builder()
        .shards(shards.shards())
        .lease(properties.getLease())
        .transactions(transactions);
    if (properties.getServerId() != null) {
      builder.serverId(properties.getServerId());
    }
    if (properties.getHeartbeat() != null) {
      builder.heartbeat(properties.getHeartbeat());
    }
    List<CrossfadeEvents> listeners = events.orderedStream().toList();
    if (!listeners.isEmpty()) {
      builder.events(listeners.size() == 1 ? listeners.get(0) : new CrossfadeEvents() {
        @Override
        public void operation(String shard, String entity, boolean write, Outcome outcome) {
          listeners.forEach(l -> l.operation(shard, entity, write, outcome));
        }

        @Override
        public void staleRetry(String shard, String entity) {
          listeners.forEach(l -> l.staleRetry(shard, entity));
        }
      });
    }
    return builder.start();
  }

  @Bean
  @ConditionalOnMissingBean
  public CrossfadeRepositories crossfadeRepositories(Crossfade crossfade, CrossfadeShards shards) {
    return new CrossfadeRepositories(crossfade, shards.names());
  }

  /** The migrator over the application's plan: health and the endpoint read its read-only status. */
  @Bean
  @ConditionalOnMissingBean
  public Migrator crossfadeMigrator(Crossfade crossfade) {
    return new Migrator(crossfade.plan(), MigratorOptions.defaults());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    CrossfadeMetrics crossfadeMetrics(ObjectProvider<MeterRegistry> registry) {
      MeterRegistry r = registry.getIfUnique();
      return r == null ? null : new CrossfadeMetrics(r);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("crossfade")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "crossfadeHealthIndicator")
    CrossfadeHealthIndicator crossfadeHealthIndicator(Crossfade crossfade, Migrator crossfadeMigrator) {
      return new CrossfadeHealthIndicator(crossfade, crossfadeMigrator);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    CrossfadeEndpoint crossfadeEndpoint(Crossfade crossfade, Migrator crossfadeMigrator) {
      return new CrossfadeEndpoint(crossfade, crossfadeMigrator);
    }
  }
}
