package dev.crossfade.processor.check;

import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.sql.SqlEquivalents;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The converter of every {@code @MovedTo}: it converts the old field's type into the new field's type
 * ({@code Converter<Old, New>}, not the other way round and not another pair), and the backfill and the
 * repositories can create it (a public, non-abstract, top-level or static nested class with a public
 * no-argument constructor). Either mistake would otherwise compile and fail on every write and in the backfill.
 */
public final class ConverterCheck {
  private static final String CONVERTER = "dev.crossfade.Converter";
  private static final String SQL_EQUIVALENT = "dev.crossfade.SqlEquivalent";

  private final Diagnostics diagnostics;
  private final ProcessingEnvironment env;

  public ConverterCheck(Diagnostics diagnostics, ProcessingEnvironment env) {
    this.diagnostics = diagnostics;
    this.env = env;
  }

  private final Map<String, String> sqlEquivalents = new java.util.TreeMap<>();

  /**
   * Converter class name to its {@code @SqlEquivalent} {@code toNew} expression, for the converters of the moves
   * checked by {@link #run} whose expression jOOQ parses (this parse is jOOQ's first use in a build that has one,
   * before the SQL is rendered on the second thread).
   */
  public Map<String, String> sqlEquivalents() {
    return sqlEquivalents;
  }

  /** The {@code toNew} of the converter's {@code @SqlEquivalent}, or null. */
  private static String sqlEquivalent(TypeElement converter) {
    for (AnnotationMirror a : converter.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(SQL_EQUIVALENT)) {
        AnnotationValue v = valueOf(a, "toNew");
        return v == null ? null : (String) v.getValue();
      }
    }
    return null;
  }

  public void run(List<ReadEntity> entities) {
    Map<String, ReadEntity> byClass = new java.util.HashMap<>();
    entities.forEach(e -> byClass.put(e.def().className(), e));
    for (ReadEntity source : entities) {
      for (FieldDef f : source.def().fields()) {
        if (f.move() == null || f.move().converter() == null) {
          continue;
        }
        ReadEntity target = byClass.get(f.move().targetEntity());
        Optional<FieldDef> to = target == null ? Optional.empty() : target.def().field(f.move().targetField());
        TypeElement converter = env.getElementUtils().getTypeElement(f.move().converter());
        if (to.isEmpty() || converter == null) {
          continue; // ModelCheck reports the unknown target; javac the unknown class
        }
        Element element = source.field(f.name());
        AnnotationMirror movedTo = Annotations.find(element, Annotations.MOVED_TO).orElse(null);
        AnnotationValue value = movedTo == null ? null : valueOf(movedTo, "converter");
        String simple = converter.getSimpleName().toString();
        String why = notConstructible(converter);
        if (why != null) {
          diagnostics.error(element, movedTo, value, Message.CONVERTER_NOT_CONSTRUCTIBLE, simple,
              source.label(f.name()), why);
          continue;
        }
        String sql = sqlEquivalent(converter);
        if (sql != null) {
          try {
            SqlEquivalents.check(sql);
            sqlEquivalents.put(f.move().converter(), sql);
          } catch (IllegalArgumentException e) {
            diagnostics.error(element, movedTo, value, Message.SQL_EQUIVALENT_INVALID, simple, source.label(f.name()),
                sql, e.getMessage());
            continue;
          }
        }
        List<String> actual = typeArguments(converter.asType());
        String old = typeName(f);
        String nu = typeName(to.get());
        if (actual == null || actual.equals(List.of(old, nu))) {
          continue;
        }
        String fix = actual.equals(List.of(nu, old))
            ? "it converts the other way; swap its type arguments and its two methods: implements Converter<"
                + simpleName(old) + ", " + simpleName(nu) + ">"
            : "write a converter that implements Converter<" + simpleName(old) + ", " + simpleName(nu) + ">";
        diagnostics.error(element, movedTo, value, Message.CONVERTER_TYPES, source.label(f.name()),
            simpleName(old), target.label(to.get().name()), simpleName(nu), simple, simpleName(actual.get(0)),
            simpleName(actual.get(1)), fix);
      }
    }
  }

  /**
   * What keeps the backfill and the generated registry from calling {@code new Converter()}, or null when
   * nothing does. The one rule: the registry's code generation asks it too.
   */
  public static String notConstructible(TypeElement type) {
    if (type.getKind() != ElementKind.CLASS) {
      return "is " + (type.getKind() == ElementKind.ENUM ? "an enum" : "not a class");
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      return "is abstract";
    }
    if (!type.getModifiers().contains(Modifier.PUBLIC)) {
      return "is not public";
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      return "is an inner class (not static), so it needs an instance of its enclosing class";
    }
    for (Element e = type.getEnclosingElement(); e instanceof TypeElement outer; e = e.getEnclosingElement()) {
      if (!outer.getModifiers().contains(Modifier.PUBLIC)) {
        return "is nested in " + outer.getSimpleName() + ", which is not public";
      }
    }
    boolean publicNoArgs = false;
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
        publicNoArgs = true;
      }
    }
    return publicNoArgs ? null : "has no public no-argument constructor";
  }

  /** The two type arguments of the {@code Converter} the type implements, or null when they are not concrete. */
  private List<String> typeArguments(TypeMirror type) {
    Types types = env.getTypeUtils();
    java.util.ArrayDeque<TypeMirror> todo = new java.util.ArrayDeque<>(List.of(type));
    while (!todo.isEmpty()) {
      TypeMirror t = todo.pop();
      if (t instanceof DeclaredType d && d.asElement() instanceof TypeElement e
          && e.getQualifiedName().contentEquals(CONVERTER)) {
        if (d.getTypeArguments().size() != 2) {
          return null;
        }
        String a = concrete(d.getTypeArguments().get(0));
        String b = concrete(d.getTypeArguments().get(1));
        return a == null || b == null ? null : List.of(a, b);
      }
      todo.addAll(types.directSupertypes(t));
    }
    return null;
  }

  private String concrete(TypeMirror t) {
    if (t instanceof DeclaredType d) {
      return ((TypeElement) d.asElement()).getQualifiedName().toString();
    }
    if (t instanceof ArrayType a && a.getComponentType().getKind() == TypeKind.BYTE) {
      return "byte[]";
    }
    return null;
  }

  /** The field's type as a converter sees it: boxed, the enum's own name. */
  private static String typeName(FieldDef f) {
    return f.javaKind() == JavaKind.ENUM ? f.javaType() : f.javaKind().boxed().javaName();
  }

  private static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  private static AnnotationValue valueOf(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
