package dev.crossfade.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link JavaKind}, {@link SqlType} and {@link Phase}: the small vocabularies everything else builds on. */
class TypesAndPhasesTest {

  @Test
  void phasesAreInTheFixedOrderOfTheDesign() {
    assertEquals(List.of(Phase.PENDING, Phase.EXPANDED, Phase.MIGRATING, Phase.MIGRATED, Phase.CONTRACTING,
        Phase.CONTRACTED), Arrays.asList(Phase.values()));
  }

  @Test
  void atLeastIsReflexiveAndFollowsTheOrder() {
    for (Phase a : Phase.values()) {
      for (Phase b : Phase.values()) {
        assertEquals(a.ordinal() >= b.ordinal(), a.atLeast(b), a + " atLeast " + b);
      }
    }
    assertTrue(Phase.MIGRATED.atLeast(Phase.EXPANDED));
    assertFalse(Phase.EXPANDED.atLeast(Phase.MIGRATING));
  }

  @ParameterizedTest
  @EnumSource(value = JavaKind.class, mode = EnumSource.Mode.EXCLUDE, names = "ENUM")
  void forJavaNameFindsEveryKindByItsJavaSpelling(JavaKind kind) {
    assertSame(kind, JavaKind.forJavaName(kind.javaName()));
  }

  @Test
  void forJavaNameDoesNotRecogniseEnumsOrUnsupportedTypes() {
    assertNull(JavaKind.forJavaName("enum"));
    assertNull(JavaKind.forJavaName("java.util.Date"));
    assertNull(JavaKind.forJavaName("String"));
    assertNull(JavaKind.forJavaName("short"));
  }

  @Test
  void boxedMapsPrimitivesToTheirWrappersAndKeepsTheRest() {
    assertSame(JavaKind.INTEGER, JavaKind.INT.boxed());
    assertSame(JavaKind.LONG, JavaKind.LONG_PRIMITIVE.boxed());
    assertSame(JavaKind.BOOLEAN, JavaKind.BOOLEAN_PRIMITIVE.boxed());
    assertSame(JavaKind.DOUBLE, JavaKind.DOUBLE_PRIMITIVE.boxed());
    for (JavaKind k : JavaKind.values()) {
      assertEquals(k.isPrimitive(), k.boxed() != k, k.name());
      assertFalse(k.boxed().isPrimitive(), k.name());
    }
  }

  @Test
  void exactlyTheFourJavaPrimitivesArePrimitive() {
    long primitives = Arrays.stream(JavaKind.values()).filter(JavaKind::isPrimitive).count();
    assertEquals(4, primitives);
    assertTrue(JavaKind.INT.isPrimitive());
    assertFalse(JavaKind.INTEGER.isPrimitive());
  }

  @Test
  void supportedListNamesEveryKindAndEnumsInWords() {
    String list = JavaKind.supportedList();
    assertTrue(list.startsWith("java.lang.String, int, "), list);
    assertTrue(list.endsWith(", byte[], any enum"), list);
    assertEquals(JavaKind.values().length, list.split(", ").length);
  }

  @Test
  void sqlTypeDefaultsFollowTheJavaKind() {
    assertEquals("VARCHAR(255)", SqlType.of(JavaKind.STRING, 0, 0, -1).toString());
    assertEquals("VARCHAR(40)", SqlType.of(JavaKind.STRING, 40, 0, -1).toString());
    assertEquals("VARCHAR(255)", SqlType.of(JavaKind.ENUM, 0, 0, -1).toString());
    assertEquals("INTEGER", SqlType.of(JavaKind.INT, 0, 0, -1).toString());
    assertEquals("INTEGER", SqlType.of(JavaKind.INTEGER, 0, 0, -1).toString());
    assertEquals("BIGINT", SqlType.of(JavaKind.LONG_PRIMITIVE, 0, 0, -1).toString());
    assertEquals("BOOLEAN", SqlType.of(JavaKind.BOOLEAN, 0, 0, -1).toString());
    assertEquals("DOUBLE", SqlType.of(JavaKind.DOUBLE_PRIMITIVE, 0, 0, -1).toString());
    assertEquals("DATE", SqlType.of(JavaKind.LOCAL_DATE, 0, 0, -1).toString());
    assertEquals("TIMESTAMP", SqlType.of(JavaKind.LOCAL_DATE_TIME, 0, 0, -1).toString());
    assertEquals("TIMESTAMP_TZ", SqlType.of(JavaKind.INSTANT, 0, 0, -1).toString());
    assertEquals("UUID", SqlType.of(JavaKind.UUID, 0, 0, -1).toString());
    assertEquals("BINARY", SqlType.of(JavaKind.BYTES, 0, 0, -1).toString());
  }

  @Test
  void decimalPrecisionAndScaleDefaultOnlyWhenNotGiven() {
    assertEquals("DECIMAL(19,2)", SqlType.of(JavaKind.BIG_DECIMAL, 0, 0, -1).toString());
    assertEquals("DECIMAL(10,4)", SqlType.of(JavaKind.BIG_DECIMAL, 0, 10, 4).toString());
    // Scale 0 is a real choice (whole amounts), not "use the default".
    assertEquals("DECIMAL(12,0)", SqlType.of(JavaKind.BIG_DECIMAL, 0, 12, 0).toString());
  }

  @Test
  void lengthIsIgnoredForTypesWithoutOne() {
    assertEquals(SqlType.of(JavaKind.INT, 0, 0, -1), SqlType.of(JavaKind.INT, 99, 5, 3));
  }
}
