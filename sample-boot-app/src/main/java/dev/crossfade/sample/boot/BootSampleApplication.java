package dev.crossfade.sample.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample's inventory domain (release 2.0) served by Spring Boot through the Crossfade starter. Its one shard
 * is the application's {@code DataSource} ({@code spring.datasource.url}); {@code crossfade.repository-packages}
 * names the package of {@code HostRepository}, which lives in the sample app's jar, so it is a bean.
 *
 * <pre>
 * java -jar app.jar --spring.datasource.url=jdbc:postgresql://localhost/inventory --spring.datasource.username=app
 * </pre>
 */
@SpringBootApplication
public class BootSampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(BootSampleApplication.class, args);
  }
}
