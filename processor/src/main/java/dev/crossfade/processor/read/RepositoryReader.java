package dev.crossfade.processor.read;

import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.processor.read.ReadRepository.FinderMethod;
import dev.crossfade.processor.read.ReadRepository.Shape;
import dev.crossfade.schema.query.Finder;
import dev.crossfade.schema.query.Finder.Operator;
import dev.crossfade.schema.query.Finder.Predicate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Repository} interface: finds its entity through {@code CrossfadeRepository<E, ID>},
 * checks the key type, and parses every declared method as a derived finder with the same parser the
 * generated code uses at run time. Each problem is reported on the method (or parameter) at fault.
 */
public final class RepositoryReader {
  public static final String REPOSITORY = "dev.crossfade.Repository";
  public static final String CROSSFADE_REPOSITORY = "dev.crossfade.runtime.repository.CrossfadeRepository";

  private final ProcessingEnvironment env;
  private final Types types;
  private final Diagnostics diagnostics;

  public RepositoryReader(ProcessingEnvironment env, Diagnostics diagnostics) {
    this.env = env;
    this.types = env.getTypeUtils();
    this.diagnostics = diagnostics;
  }

  public Optional<ReadRepository> read(TypeElement type, Map<String, ReadEntity> entities) {
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.INTERFACE) {
      diagnostics.error(type, Message.REPOSITORY_NOT_INTERFACE, name);
      return Optional.empty();
    }
    DeclaredType base = findBase(type.asType());
    if (base == null || base.getTypeArguments().size() != 2) {
      diagnostics.error(type, Message.REPOSITORY_NOT_CROSSFADE, name);
      return Optional.empty();
    }
    TypeMirror entityType = base.getTypeArguments().get(0);
    TypeMirror idType = base.getTypeArguments().get(1);
    ReadEntity entity = entityType.getKind() == TypeKind.DECLARED
        ? entities.get(((TypeElement) ((DeclaredType) entityType).asElement()).getQualifiedName().toString())
        : null;
    if (entity == null) {
      String shown = simple(entityType);
      diagnostics.error(type, Message.REPOSITORY_NOT_ENTITY, name, shown, shown);
      return Optional.empty();
    }
    if (entity.def().composite()) {
      if (!KeyRecords.matches(types, entity, idType)) {
        String components = KeyRecords.components(entity);
        String keys = entity.def().ids().stream().map(f -> f.name())
            .collect(java.util.stream.Collectors.joining(", "));
        diagnostics.error(type, Message.REPOSITORY_KEY_RECORD, name, simple(idType), simple(entityType), keys,
            components, simple(entityType), simple(entityType), simple(entityType));
        return Optional.empty();
      }
    }
    VariableElement idField = (VariableElement) entity.field(entity.def().ids().get(0).name());
    TypeMirror idBoxed = boxed(idField.asType());
    if (!entity.def().composite() && !types.isSameType(idBoxed, idType)) {
      diagnostics.error(type, Message.REPOSITORY_KEY_TYPE, name, simple(idType),
          entity.label(entity.def().id().name()), simple(idField.asType()), simple(entityType), simple(idBoxed));
      return Optional.empty();
    }
    Set<String> properties = new LinkedHashSet<>();
    entity.def().fields().forEach(f -> properties.add(f.name()));
    List<FinderMethod> finders = new ArrayList<>();
    boolean ok = true;
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getModifiers().contains(Modifier.STATIC) || m.isDefault()) {
        continue;
      }
      Optional<FinderMethod> f = finder(type, entity, entityType, m, properties);
      if (f.isPresent()) {
        finders.add(f.get());
      } else {
        ok = false;
      }
    }
    return ok ? Optional.of(new ReadRepository(type, entity, idType, finders)) : Optional.empty();
  }

  private DeclaredType findBase(TypeMirror type) {
    for (TypeMirror s : types.directSupertypes(type)) {
      if (s.getKind() != TypeKind.DECLARED) {
        continue;
      }
      DeclaredType d = (DeclaredType) s;
      if (((TypeElement) d.asElement()).getQualifiedName().contentEquals(CROSSFADE_REPOSITORY)) {
        return d;
      }
      DeclaredType deeper = findBase(s);
      if (deeper != null) {
        return deeper;
      }
    }
    return null;
  }

  private Optional<FinderMethod> finder(TypeElement repo, ReadEntity entity, TypeMirror entityType,
      ExecutableElement m, Set<String> properties) {
    String method = m.getSimpleName().toString();
    String repoName = repo.getSimpleName().toString();
    String entityName = entity.element().getSimpleName().toString();
    Finder finder;
    try {
      finder = Finder.parse(method, properties);
    } catch (Finder.ParseException e) {
      String fields = String.join(", ", properties);
      if (e.unknownProperty() != null) {
        diagnostics.error(m, Message.FINDER_UNKNOWN_PROPERTY, method, repoName, e.unknownProperty(), entityName, fields);
      } else {
        String example = "findBy" + capitalize(properties.stream().filter(p -> !p.equals(entity.def().id().name()))
            .findFirst().orElse(entity.def().id().name()));
        diagnostics.error(m, Message.FINDER_UNPARSEABLE, method, repoName, e.getMessage(), entityName, example);
      }
      return Optional.empty();
    }
    List<? extends VariableElement> params = m.getParameters();
    if (params.size() != finder.parameterCount()) {
      String needs = finder.predicates().stream().filter(p -> p.operator().arity() > 0)
          .map(p -> p.property() + (p.operator().arity() == 2 ? " twice" : "")).collect(Collectors.joining(", "));
      diagnostics.error(m, Message.FINDER_PARAMETER_COUNT, method, repoName, params.size(), finder.parameterCount(),
          needs.isEmpty() ? "no values" : needs);
      return Optional.empty();
    }
    int at = 0;
    for (Predicate p : finder.predicates()) {
      VariableElement field = (VariableElement) entity.field(p.property());
      TypeMirror property = boxed(field.asType());
      String label = entity.label(p.property());
      if (p.operator() == Operator.TRUE || p.operator() == Operator.FALSE) {
        if (!types.isSameType(property, boxed(types.getPrimitiveType(TypeKind.BOOLEAN)))) {
          diagnostics.error(m, Message.FINDER_PARAMETER_TYPE, "(none)", method, simple(field.asType()),
              p.operator().name() + " on " + label, "a boolean field", "a finder without True/False, or use a boolean field");
          return Optional.empty();
        }
        continue;
      }
      if (p.operator().textual() && !isString(property)) {
        diagnostics.error(m, Message.FINDER_PARAMETER_TYPE, "(none)", method, simple(field.asType()),
            p.operator().name() + " on " + label, "text", "a String field, or Equals/In instead of "
                + p.operator().name());
        return Optional.empty();
      }
      for (int k = 0; k < p.operator().arity(); k++) {
        VariableElement param = params.get(at++);
        TypeMirror expected = property;
        String expectedText = simple(field.asType());
        if (p.operator() == Operator.IN || p.operator() == Operator.NOT_IN) {
          TypeElement collection = env.getElementUtils().getTypeElement("java.util.Collection");
          expected = types.getDeclaredType(collection, types.getWildcardType(property, null));
          expectedText = "Collection<" + simple(property) + ">";
        }
        TypeMirror actual = param.asType().getKind().isPrimitive() ? boxed(param.asType()) : param.asType();
        if (!types.isAssignable(actual, expected)) {
          diagnostics.error(param, Message.FINDER_PARAMETER_TYPE, param.getSimpleName(), method,
              simple(param.asType()), label, simple(field.asType()), expectedText);
          return Optional.empty();
        }
      }
    }
    Shape shape = shape(finder, m.getReturnType(), entityType);
    if (shape == null) {
      String expected = switch (finder.action()) {
        case FIND -> "List<" + entityName + ">, Optional<" + entityName + ">, " + entityName + " or Stream<" + entityName + ">";
        case COUNT -> "long or int";
        case EXISTS -> "boolean";
        case DELETE -> "void, long or int (the rows deleted)";
      };
      diagnostics.error(m, Message.FINDER_RETURN_TYPE, method, repoName, simple(m.getReturnType()),
          finder.action().name().toLowerCase(java.util.Locale.ROOT), expected);
      return Optional.empty();
    }
    return Optional.of(new FinderMethod(m, finder, shape));
  }

  private Shape shape(Finder finder, TypeMirror returns, TypeMirror entityType) {
    switch (finder.action()) {
      case FIND:
        if (types.isSameType(returns, entityType)) {
          return Shape.SINGLE;
        }
        for (String[] c : new String[][] {{"java.util.List", "LIST"}, {"java.util.Collection", "LIST"},
            {"java.lang.Iterable", "LIST"}, {"java.util.Optional", "OPTIONAL"}, {"java.util.stream.Stream", "STREAM"}}) {
          TypeElement container = env.getElementUtils().getTypeElement(c[0]);
          if (types.isSameType(returns, types.getDeclaredType(container, entityType))) {
            return Shape.valueOf(c[1]);
          }
        }
        return null;
      case COUNT:
        return isOneOf(returns, TypeKind.LONG, "java.lang.Long") ? Shape.LONG
            : isOneOf(returns, TypeKind.INT, "java.lang.Integer") ? Shape.INT : null;
      case EXISTS:
        return isOneOf(returns, TypeKind.BOOLEAN, "java.lang.Boolean") ? Shape.BOOLEAN : null;
      case DELETE:
        return returns.getKind() == TypeKind.VOID ? Shape.VOID
            : isOneOf(returns, TypeKind.LONG, "java.lang.Long") ? Shape.LONG
                : isOneOf(returns, TypeKind.INT, "java.lang.Integer") ? Shape.INT : null;
      default:
        return null;
    }
  }

  private boolean isOneOf(TypeMirror t, TypeKind primitive, String boxed) {
    return t.getKind() == primitive || t.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals(boxed);
  }

  private boolean isString(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.String");
  }

  private TypeMirror boxed(TypeMirror t) {
    return t.getKind().isPrimitive() ? types.boxedClass(types.getPrimitiveType(t.getKind())).asType() : t;
  }

  /** {@code List<Host>} rather than {@code java.util.List<inventory.Host>}, as users wrote it. */
  static String simple(TypeMirror t) {
    return t.toString().replaceAll("\\b(?:[a-z_][a-zA-Z0-9_]*\\.)+([A-Z])", "$1");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

}
