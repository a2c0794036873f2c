package dev.crossfade.schema.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Using Crossfade's jOOQ leaves the JVM as it found it (the locale is proven in forked JVMs: LocaleProof*Test). */
class JooqSettingsTest {
  @Test
  void renderingSqlLeavesTheJvmsSystemPropertiesAsTheyWere() {
    Properties before = (Properties) System.getProperties().clone();
    for (Dialect d : Dialect.values()) {
      for (ReleasePlan plan : new MigrationPlanner(SampleModel.model(true)).plans()) {
        new SqlRenderer(d).render(plan);
      }
    }
    assertEquals(before, System.getProperties());
    assertFalse(System.getProperties().containsKey("org.jooq.no-logo"), "no JVM-wide switch is left behind");
  }
}
