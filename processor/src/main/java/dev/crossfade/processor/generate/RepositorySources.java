package dev.crossfade.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.processor.read.ReadRepository;
import dev.crossfade.processor.read.ReadRepository.FinderMethod;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Writes the repositories with JavaPoet: for every entity {@code Host_Repository} (the CRUD operations
 * and the entity's mapping to values, without reflection), and for every {@code @Repository} interface
 * {@code HostRepository_Impl} (the same, plus its derived finders). The version-aware work happens in
 * the runtime's {@code AbstractCrossfadeRepository}; what is generated is only what needs the entity's
 * Java types, so it reads in a minute.
 */
public final class RepositorySources {
  static final String RUNTIME = "dev.crossfade.runtime";
  static final String REPO = "dev.crossfade.runtime.repository";
  static final ClassName CROSSFADE = ClassName.get(RUNTIME, "Crossfade");
  static final ClassName SHARD = ClassName.get(RUNTIME, "Shard");
  static final ClassName ABSTRACT = ClassName.get(REPO, "AbstractCrossfadeRepository");
  static final ClassName MAPPING = ClassName.get(REPO, "EntityMapping");
  static final ClassName VALUES = ClassName.get(REPO, "Values");
  static final ClassName FINDER = ClassName.get("dev.crossfade.schema.query", "Finder");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final String PROCESSOR = "dev.crossfade.processor.CrossfadeProcessor";

  private final Diagnostics diagnostics;

  private javax.lang.model.util.Types types;

  /** With the type utilities, so that an entity with a composite key finds its key record. */
  public RepositorySources(Diagnostics diagnostics, javax.lang.model.util.Types types) {
    this(diagnostics);
    this.types = types;
  }

  public RepositorySources(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The class name of an entity's repository: {@code Host_Repository}, {@code Outer_Host_Repository}. */
  public static ClassName entityRepository(TypeElement entity) {
    return generatedName(entity, "_Repository");
  }

  public static ClassName implementation(TypeElement repository) {
    return generatedName(repository, "_Impl");
  }

  private static ClassName generatedName(TypeElement type, String suffix) {
    ClassName c = ClassName.get(type);
    return ClassName.get(c.packageName(), String.join("_", c.simpleNames()) + suffix);
  }

  /** The entity's repository, or empty (with errors reported) when the entity cannot be built or read. */
  public Optional<JavaFile> entity(ReadEntity entity) {
    TypeElement type = entity.element();
    ClassName name = entityRepository(type);
    TypeName entityType = ClassName.get(type);
    TypeElement keyRecord = null;
    if (entity.def().composite()) {
      Optional<TypeElement> nested = types == null ? Optional.empty()
          : dev.crossfade.processor.read.KeyRecords.nested(types, entity);
      if (nested.isEmpty()) {
        return Optional.empty(); // EntityReader reported composite-key-record-missing
      }
      keyRecord = nested.get();
    }
    TypeName idType = keyRecord != null ? ClassName.get(keyRecord)
        : TypeName.get(((VariableElement) entity.field(entity.def().id().name())).asType()).box();
    Optional<CodeBlock> toValues = toValues(entity);
    Optional<CodeBlock> fromValues = fromValues(entity);
    if (toValues.isEmpty() || fromValues.isEmpty()) {
      return Optional.empty();
    }
    CodeBlock.Builder fields = CodeBlock.builder();
    List<FieldDef> defs = entity.def().fields();
    for (int i = 0; i < defs.size(); i++) {
      fields.add(i == 0 ? "$S" : ", $S", defs.get(i).name());
    }
    FieldSpec mapping = FieldSpec.builder(ParameterizedTypeName.get(MAPPING, entityType), "MAPPING",
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("How $T travels to and from the database; shared by every repository of it.\n", entityType)
        .initializer(keyRecord == null
            ? CodeBlock.of("new $T<>($T.class, $T.of($L),\n$T::toValues, $T::fromValues)", MAPPING, entityType,
                List.class, fields.build(), name, name)
            : CodeBlock.of("new $T<>($T.class, $T.of($L),\n$T::toValues, $T::fromValues,\n$T::keyToValues, "
                + "$T::keyFromValues)", MAPPING, entityType, List.class, fields.build(), name, name, name, name))
        .build();
    TypeSpec.Builder spec = TypeSpec.classBuilder(name)
        .addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(ABSTRACT, entityType, idType))
        .addJavadoc("The version-aware repository of {@link $T} on one shard. Get it from\n"
            + "{@code crossfade.repository($T.class, shardName)}.\n", entityType, entityType)
        .addOriginatingElement(type)
        .addField(mapping)
        .addMethod(constructor(CodeBlock.of("MAPPING")))
        .addMethod(MethodSpec.methodBuilder("toValues")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(Object[].class)
            .addParameter(entityType, "e")
            .addCode(toValues.get())
            .build())
        .addMethod(MethodSpec.methodBuilder("fromValues")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(entityType)
            .addParameter(Object[].class, "v")
            .addCode(fromValues.get())
            .build());
    if (keyRecord != null) {
      ClassName key = ClassName.get(keyRecord);
      CodeBlock.Builder toKeyValues = CodeBlock.builder().add("$T k = ($T) key;\nreturn new Object[] {", key, key);
      CodeBlock.Builder fromKeyValues = CodeBlock.builder().add("return new $T(", key);
      List<FieldDef> ids = entity.def().ids();
      for (int i = 0; i < ids.size(); i++) {
        toKeyValues.add(i == 0 ? "k.$L()" : ", k.$L()", ids.get(i).name());
        fromKeyValues.add(i == 0 ? "$L" : ", $L", value(entity, ids.get(i), i));
      }
      spec.addMethod(MethodSpec.methodBuilder("keyToValues")
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(Object[].class)
              .addParameter(Object.class, "key")
              .addCode(toKeyValues.add("};\n").build())
              .build())
          .addMethod(MethodSpec.methodBuilder("keyFromValues")
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(Object.class)
              .addParameter(Object[].class, "v")
              .addCode(fromKeyValues.add(");\n").build())
              .build());
    }
    return Optional.of(JavaFile.builder(name.packageName(), spec.build()).skipJavaLangImports(true).indent("  ")
        .build());
  }

  /** The implementation of a {@code @Repository} interface. */
  public JavaFile implementation(ReadRepository repo) {
    TypeElement type = repo.element();
    ClassName name = implementation(type);
    TypeName entityType = ClassName.get(repo.entity().element());
    ClassName entityRepo = entityRepository(repo.entity().element());
    TypeSpec.Builder spec = TypeSpec.classBuilder(name)
        .addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(ABSTRACT, entityType, TypeName.get(repo.idType())))
        .addSuperinterface(ClassName.get(type))
        .addJavadoc("The implementation of {@link $T} on one shard. Get it from\n"
            + "{@code crossfade.repository($T.class, shardName)}.\n", ClassName.get(type), ClassName.get(type))
        .addOriginatingElement(type)
        .addOriginatingElement(repo.entity().element())
        .addMethod(constructor(CodeBlock.of("$T.MAPPING", entityRepo)));
    if (!repo.finders().isEmpty()) {
      spec.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(java.util.Set.class),
              ClassName.get(String.class)), "PROPERTIES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.copyOf($T.MAPPING.fields())", java.util.Set.class, entityRepo)
          .build());
    }
    for (FinderMethod f : repo.finders()) {
      String constant = constant(f.method().getSimpleName().toString());
      spec.addField(FieldSpec.builder(FINDER, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.parse($S, PROPERTIES)", FINDER, f.method().getSimpleName().toString())
          .build());
      spec.addMethod(finder(f, constant));
    }
    return JavaFile.builder(name.packageName(), spec.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private static MethodSpec constructor(CodeBlock mapping) {
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addParameter(CROSSFADE, "crossfade")
        .addParameter(SHARD, "shard")
        .addStatement("super(crossfade, shard, $L)", mapping)
        .build();
  }

  static com.palantir.javapoet.AnnotationSpec generated() {
    return com.palantir.javapoet.AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build();
  }

  private static MethodSpec finder(FinderMethod f, String constant) {
    ExecutableElement m = f.method();
    MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString())
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.get(m.getReturnType()));
    CodeBlock.Builder args = CodeBlock.builder().add("$N", constant);
    for (VariableElement p : m.getParameters()) {
      b.addParameter(ParameterSpec.builder(TypeName.get(p.asType()), p.getSimpleName().toString()).build());
      args.add(", $N", p.getSimpleName().toString());
    }
    CodeBlock call = args.build();
    switch (f.shape()) {
      case LIST -> b.addStatement("return finderList($L)", call);
      case OPTIONAL -> b.addStatement("return finderOne($L)", call);
      case SINGLE -> b.addStatement("return finderOne($L).orElse(null)", call);
      case STREAM -> b.addStatement("return finderStream($L)", call);
      case LONG -> b.addStatement("return finder$L($L)", action(f), call);
      case INT -> b.addStatement("return $T.toIntExact(finder$L($L))", Math.class, action(f), call);
      case BOOLEAN -> b.addStatement("return finderExists($L)", call);
      case VOID -> b.addStatement("finderDelete($L)", call);
    }
    return b.build();
  }

  private static String action(FinderMethod f) {
    return f.finder().action() == dev.crossfade.schema.query.Finder.Action.DELETE ? "Delete" : "Count";
  }

  /** {@code findByStatusOrderByNameDesc} becomes {@code FIND_BY_STATUS_ORDER_BY_NAME_DESC}. */
  static String constant(String method) {
    return method.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  // ---- entity mapping: records by accessor and canonical constructor, classes by getter/setter or field ----

  private Optional<CodeBlock> toValues(ReadEntity entity) {
    boolean record = entity.element().getKind() == ElementKind.RECORD;
    CodeBlock.Builder b = CodeBlock.builder().add("return new Object[] {");
    boolean ok = true;
    List<FieldDef> defs = entity.def().fields();
    for (int i = 0; i < defs.size(); i++) {
      FieldDef f = defs.get(i);
      b.add(i == 0 ? "\n$>$>" : ",\n");
      String read = record ? f.name() + "()" : reader(entity, f);
      if (read == null) {
        ok = false;
        continue;
      }
      b.add("e.$L", read);
    }
    b.add("$<$<};\n");
    return ok ? Optional.of(b.build()) : Optional.empty();
  }

  private Optional<CodeBlock> fromValues(ReadEntity entity) {
    List<FieldDef> defs = entity.def().fields();
    TypeName type = ClassName.get(entity.element());
    if (entity.element().getKind() == ElementKind.RECORD) {
      CodeBlock.Builder b = CodeBlock.builder().add("return new $T(", type);
      for (int i = 0; i < defs.size(); i++) {
        b.add(i == 0 ? "\n$>$>" : ",\n");
        b.add(value(entity, defs.get(i), i));
      }
      b.add("$<$<);\n");
      return Optional.of(b.build());
    }
    boolean noArg = ElementFilter.constructorsIn(entity.element().getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE))
        || ElementFilter.constructorsIn(entity.element().getEnclosedElements()).isEmpty();
    if (!noArg) {
      diagnostics.error(entity.element(), Message.ENTITY_NOT_MAPPABLE, entity.element().getSimpleName(),
          "create it", "add a constructor without parameters that is not private (JPA requires one too), or make it a record");
      return Optional.empty();
    }
    CodeBlock.Builder b = CodeBlock.builder().addStatement("$T e = new $T()", type, type);
    boolean ok = true;
    for (int i = 0; i < defs.size(); i++) {
      FieldDef f = defs.get(i);
      String setter = "set" + capitalize(f.name());
      Element field = entity.field(f.name());
      if (hasMethod(entity.element(), setter, 1)) {
        b.addStatement("e.$L($L)", setter, value(entity, f, i));
      } else if (!field.getModifiers().contains(Modifier.PRIVATE) && !field.getModifiers().contains(Modifier.FINAL)) {
        b.addStatement("e.$L = $L", f.name(), value(entity, f, i));
      } else {
        diagnostics.error(field, Message.ENTITY_NOT_MAPPABLE, entity.element().getSimpleName(),
            "set field " + f.name(), "add a setter " + setter + "(…) or make the field neither private nor final");
        ok = false;
      }
    }
    b.addStatement("return e");
    return ok ? Optional.of(b.build()) : Optional.empty();
  }

  private String reader(ReadEntity entity, FieldDef f) {
    String cap = capitalize(f.name());
    if (hasMethod(entity.element(), "get" + cap, 0)) {
      return "get" + cap + "()";
    }
    if (f.javaKind() == JavaKind.BOOLEAN_PRIMITIVE && hasMethod(entity.element(), "is" + cap, 0)) {
      return "is" + cap + "()";
    }
    Element field = entity.field(f.name());
    if (!field.getModifiers().contains(Modifier.PRIVATE)) {
      return f.name();
    }
    diagnostics.error(field, Message.ENTITY_NOT_MAPPABLE, entity.element().getSimpleName(), "read field " + f.name(),
        "add a getter get" + cap + "() or make the field not private");
    return null;
  }

  private static boolean hasMethod(TypeElement type, String name, int params) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream().anyMatch(m -> m.getSimpleName().contentEquals(name)
        && m.getParameters().size() == params && !m.getModifiers().contains(Modifier.PRIVATE)
        && !m.getModifiers().contains(Modifier.STATIC));
  }

  /** The expression that turns {@code v[i]} into the field's Java type. */
  private static CodeBlock value(ReadEntity entity, FieldDef f, int i) {
    return switch (f.javaKind()) {
      case INT -> CodeBlock.of("$T.intValue(v[$L])", VALUES, i);
      case LONG_PRIMITIVE -> CodeBlock.of("$T.longValue(v[$L])", VALUES, i);
      case DOUBLE_PRIMITIVE -> CodeBlock.of("$T.doubleValue(v[$L])", VALUES, i);
      case BOOLEAN_PRIMITIVE -> CodeBlock.of("$T.booleanValue(v[$L])", VALUES, i);
      case ENUM -> {
        TypeName enumType = TypeName.get(((VariableElement) entity.field(f.name())).asType());
        yield CodeBlock.of("v[$L] == null ? null : $T.valueOf((String) v[$L])", i, enumType, i);
      }
      case BYTES -> CodeBlock.of("(byte[]) v[$L]", i);
      default -> CodeBlock.of("($T) v[$L]", TypeName.get(((VariableElement) entity.field(f.name())).asType()), i);
    };
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
