package dev.crossfade.schema.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crossfade.schema.query.Finder.Action;
import dev.crossfade.schema.query.Finder.Operator;
import dev.crossfade.schema.query.Finder.Order;
import dev.crossfade.schema.query.Finder.Predicate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FinderTest {
  private static final Set<String> HOST = Set.of("id", "name", "hostname", "status", "city", "cpuCount", "monitored",
      "lastSeen", "loggedIn", "order");

  @Test
  void aPropertyAloneMeansEquals() {
    Finder f = Finder.parse("findByCity", HOST);
    assertEquals(Action.FIND, f.action());
    assertEquals(List.of(List.of(new Predicate("city", Operator.EQUALS))), f.where());
    assertEquals(1, f.parameterCount());
  }

  @Test
  void andBindsTighterThanOr() {
    Finder f = Finder.parse("findByStatusAndCityOrName", HOST);
    assertEquals(List.of(
        List.of(new Predicate("status", Operator.EQUALS), new Predicate("city", Operator.EQUALS)),
        List.of(new Predicate("name", Operator.EQUALS))), f.where());
    assertEquals(3, f.parameterCount());
  }

  @Test
  void operatorsTakeTheLongestSuffixThatLeavesAProperty() {
    assertEquals(new Predicate("cpuCount", Operator.GREATER_THAN_EQUAL),
        Finder.parse("findByCpuCountGreaterThanEqual", HOST).where().get(0).get(0));
    assertEquals(new Predicate("status", Operator.NOT_IN), Finder.parse("findByStatusNotIn", HOST).where().get(0).get(0));
    assertEquals(new Predicate("lastSeen", Operator.BETWEEN), Finder.parse("findByLastSeenBetween", HOST).where().get(0).get(0));
    assertEquals(new Predicate("monitored", Operator.TRUE), Finder.parse("countByMonitoredTrue", HOST).where().get(0).get(0));
    assertEquals(new Predicate("name", Operator.IS_NULL), Finder.parse("findByNameIsNull", HOST).where().get(0).get(0));
    assertEquals(new Predicate("name", Operator.STARTING_WITH), Finder.parse("findByNameStartsWith", HOST).where().get(0).get(0));
  }

  @Test
  void aPropertyWhoseNameEndsLikeAnOperatorIsThePropertyItself() {
    assertEquals(new Predicate("loggedIn", Operator.EQUALS), Finder.parse("findByLoggedIn", HOST).where().get(0).get(0));
    assertEquals(new Predicate("loggedIn", Operator.IS_NOT_NULL),
        Finder.parse("findByLoggedInIsNotNull", HOST).where().get(0).get(0));
  }

  @Test
  void orderByTakesDirectionsPerProperty() {
    Finder f = Finder.parse("findByStatusOrderByNameDescCityAsc", HOST);
    assertEquals(List.of(new Order("name", true), new Order("city", false)), f.orderBy());
    assertEquals(List.of(new Order("hostname", false)), Finder.parse("findAllByOrderByHostname", HOST).orderBy());
  }

  @Test
  void firstAndTopLimitTheRows() {
    assertEquals(1, Finder.parse("findFirstByStatusOrderByLastSeenDesc", HOST).limit());
    assertEquals(5, Finder.parse("findTop5ByStatus", HOST).limit());
    assertEquals(0, Finder.parse("findByStatus", HOST).limit());
  }

  @Test
  void prefixesChooseTheAction() {
    assertEquals(Action.COUNT, Finder.parse("countByStatus", HOST).action());
    assertEquals(Action.EXISTS, Finder.parse("existsByName", HOST).action());
    assertEquals(Action.DELETE, Finder.parse("deleteByCity", HOST).action());
    assertEquals(Action.FIND, Finder.parse("streamByCity", HOST).action());
    assertEquals(Action.FIND, Finder.parse("findHostsByCity", HOST).action());
  }

  @Test
  void aMissingPropertyIsNamed() {
    Finder.ParseException e = assertThrows(Finder.ParseException.class, () -> Finder.parse("findByTown", HOST));
    assertEquals("town", e.unknownProperty());
    e = assertThrows(Finder.ParseException.class, () -> Finder.parse("findByTownGreaterThan", HOST));
    assertEquals("town", e.unknownProperty());
    e = assertThrows(Finder.ParseException.class, () -> Finder.parse("findByCityOrderByTownDesc", HOST));
    assertEquals("town", e.unknownProperty());
  }

  @Test
  void namesThatAreNotQueriesAreRejectedWithoutAProperty() {
    for (String name : List.of("fetchByCity", "findCity", "findBy", "countTop3ByCity", "deleteByCityOrderByName")) {
      Finder.ParseException e = assertThrows(Finder.ParseException.class, () -> Finder.parse(name, HOST), name);
      assertEquals(null, e.unknownProperty(), name);
    }
  }
}
