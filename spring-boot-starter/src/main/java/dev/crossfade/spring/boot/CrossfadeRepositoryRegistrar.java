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
 * With one shard, registers every {@code CrossfadeRepository} interface in the application's packages as a bean
 * ({@code HostRepository} as {@code hostRepository}), made by Crossfade's generated registry on that shard, as
 * Spring Data registers its repositories. With several shards a repository interface is ambiguous, so none is
 * registered and the application asks {@link CrossfadeRepositories} for the shard it means.
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
    Map<String, CrossfadeProperties.ShardProperties> shards = binder.bind("crossfade.shards",
        Bindable.mapOf(String.class, CrossfadeProperties.ShardProperties.class)).orElse(Map.of());
    if (shards.size() > 1) {
      LOG.debug("{} Crossfade shards: repositories are not beans; ask CrossfadeRepositories for a shard's",
          shards.size());
      return;
    }
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
        String name = Introspector.decapitalize(type.getSimpleName());
        if (type == CrossfadeRepository.class || registry.containsBeanDefinition(name)) {
          continue;
        }
        registry.registerBeanDefinition(name, definition(type));
        registered.add(type.getName());
      }
    }
    LOG.debug("Crossfade repositories registered as beans: {}", registered);
  }

  private <R> RootBeanDefinition definition(Class<R> type) {
    RootBeanDefinition definition = new RootBeanDefinition(type,
        () -> beanFactory.getBean(CrossfadeRepositories.class).repository(type));
    definition.setDependsOn("crossfade");
    return definition;
  }
}
