package dev.crossfade.spring.boot;

import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.beans.Introspector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers every {@code CrossfadeRepository} interface in the application's packages as a bean per shard, made by
 * Crossfade's generated registry on that shard, as Spring Data registers its repositories. Each bean carries the
 * shard's name as its {@code @Qualifier}: with one shard {@code HostRepository} is bean {@code hostRepository} and
 * injects as it is; with several it is {@code hostRepository@eu-1}, {@code hostRepository@us-1}, … and an
 * injection point names the shard ({@code @Qualifier("eu-1") HostRepository hosts}), so an unqualified one fails
 * the start with Spring's "expected single matching bean" instead of picking a shard silently.
 */
class CrossfadeRepositoryRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  private static final Logger LOG = LoggerFactory.getLogger(CrossfadeRepositoryRegistrar.class);

  private Environment environment;
  private BeanFactory beanFactory;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Binder binder = Binder.get(environment);
    Map<String, CrossfadeProperties.ShardProperties> configured = binder.bind("crossfade.shards",
        Bindable.mapOf(String.class, CrossfadeProperties.ShardProperties.class)).orElse(Map.of());
    List<String> shards = configured.isEmpty()
        ? List.of(binder.bind("crossfade.shard-name", String.class).orElse("default"))
        : List.copyOf(configured.keySet());
    List<String> packages = binder.bind("crossfade.repository-packages", Bindable.listOf(String.class))
        .orElseGet(() -> AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory)
            : List.of());
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
        environment) {
      @Override
      protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
        return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
      }
    };
    scanner.addIncludeFilter(new AssignableTypeFilter(CrossfadeRepository.class));
    ClassLoader loader = ClassUtils.getDefaultClassLoader();
    List<String> registered = new ArrayList<>();
    for (String pkg : packages) {
      for (BeanDefinition found : scanner.findCandidateComponents(pkg)) {
        Class<?> type = ClassUtils.resolveClassName(found.getBeanClassName(), loader);
        if (type == CrossfadeRepository.class) {
          continue;
        }
        String base = Introspector.decapitalize(type.getSimpleName());
        for (String shard : shards) {
          String name = shards.size() == 1 ? base : base + "@" + shard;
          if (!registry.containsBeanDefinition(name)) {
            registry.registerBeanDefinition(name, definition(type, shard));
            registered.add(name);
          }
        }
      }
    }
    LOG.debug("Crossfade repositories registered as beans: {}", registered);
  }

  private <R> RootBeanDefinition definition(Class<R> type, String shard) {
    RootBeanDefinition definition = new RootBeanDefinition(type,
        () -> beanFactory.getBean(CrossfadeRepositories.class).repository(type, shard));
    definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, shard));
    return definition;
  }
}
