package dev.crossfade.processor.generate;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.processor.read.ReadRepository;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.SchemaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Writes the compilation's registry, {@code CrossfadeRegistry_<release>} in the package of its first entity
 * (by qualified name), and one {@code <Entity>_Properties} of typed property constants per entity. The
 * registry is the typed contract between the generated code and the runtime: it holds the schema model,
 * creates the converters and the repositories with {@code new}, and is listed in
 * {@code META-INF/services/dev.crossfade.runtime.CrossfadeRegistry} so the runtime finds it without a class
 * name. The model travels as the text of {@code schema.json}, in constants of at most {@link #CHUNK} characters
 * (a class file holds a string constant of at most 65535 bytes).
 */
public final class RegistrySources {
  static final ClassName REGISTRY = ClassName.get(RepositorySources.RUNTIME, "CrossfadeRegistry");
  static final ClassName PROPERTY = ClassName.get(RepositorySources.REPO, "Property");
  static final ClassName SCHEMA_MODEL = ClassName.get("dev.crossfade.schema", "SchemaModel");
  static final ClassName SCHEMA_JSON = ClassName.get("dev.crossfade.schema", "SchemaJson");
  static final ClassName CONVERTER = ClassName.get("dev.crossfade", "Converter");
  /** The services file that lists the registry. */
  public static final String SERVICES = "META-INF/services/" + REGISTRY.reflectionName();
  static final int CHUNK = 20_000;

  private final Diagnostics diagnostics;
  private final Elements elements;

  public RegistrySources(Diagnostics diagnostics, Elements elements) {
    this.diagnostics = diagnostics;
    this.elements = elements;
  }

  /** {@code <package of the first entity>.CrossfadeRegistry_2_0}. */
  public static ClassName name(SchemaModel model, List<ReadEntity> entities) {
    String pkg = ClassName.get(entities.get(0).element()).packageName();
    return ClassName.get(pkg, "CrossfadeRegistry_" + model.release().toString().replace('.', '_'));
  }

  /**
   * The registry, or empty (with an error on the {@code @MovedTo} field) when a converter cannot be created
   * with {@code new} from generated code.
   */
  public Optional<JavaFile> registry(SchemaModel model, String schemaJson, List<ReadEntity> entities,
      List<ReadRepository> repositories) {
    ClassName name = name(model, entities);
    TypeSpec.Builder spec = TypeSpec.classBuilder(name)
        .addAnnotation(RepositorySources.generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(REGISTRY)
        .addJavadoc("What the Crossfade processor generated for release $L of this compilation: its schema model,\n"
            + "its converters and its repositories. The runtime finds it through\n"
            + "{@code META-INF/services/$L}.\n", model.release(), REGISTRY.reflectionName());
    entities.forEach(e -> spec.addOriginatingElement(e.element()));
    List<String> chunks = chunks(compact(schemaJson));
    for (int i = 0; i < chunks.size(); i++) {
      spec.addField(FieldSpec.builder(String.class, "SCHEMA_JSON_" + (i + 1), Modifier.PRIVATE, Modifier.STATIC,
          Modifier.FINAL).initializer("$S", chunks.get(i)).build());
    }
    CodeBlock.Builder join = CodeBlock.builder();
    for (int i = 0; i < chunks.size(); i++) {
      join.add(i == 0 ? "SCHEMA_JSON_$L" : ", SCHEMA_JSON_$L", i + 1);
    }
    spec.addMethod(MethodSpec.methodBuilder("model")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(SCHEMA_MODEL)
        .addComment("String.join, not +: the constants joined would be one constant, too long for a class file")
        .addStatement("return $T.read($T.join(\"\", $L))", SCHEMA_JSON, String.class, join.build())
        .build());

    Optional<CodeBlock> converters = converters(model, entities);
    if (converters.isEmpty()) {
      return Optional.empty();
    }
    spec.addMethod(MethodSpec.methodBuilder("converter")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(CONVERTER, WildcardTypeName.subtypeOf(Object.class),
            WildcardTypeName.subtypeOf(Object.class)))
        .addParameter(String.class, "className")
        .addCode(converters.get())
        .build());

    TypeVariableName r = TypeVariableName.get("R");
    CodeBlock.Builder repos = CodeBlock.builder().add("return (R) switch (type.getName()) {\n$>");
    TreeMap<String, ClassName> byType = new TreeMap<>();
    for (ReadEntity e : entities) {
      byType.put(elements.getBinaryName(e.element()).toString(), RepositorySources.entityRepository(e.element()));
    }
    for (ReadRepository repo : repositories) {
      byType.put(elements.getBinaryName(repo.element()).toString(), RepositorySources.implementation(repo.element()));
    }
    byType.forEach((type, impl) -> repos.add("case $S -> new $T(crossfade, shard);\n", type, impl));
    repos.add("default -> null;\n$<};\n");
    spec.addMethod(MethodSpec.methodBuilder("repository")
        .addAnnotation(Override.class)
        .addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "$S", "unchecked").build())
        .addModifiers(Modifier.PUBLIC)
        .addTypeVariable(r)
        .returns(r)
        .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), r), "type")
        .addParameter(RepositorySources.CROSSFADE, "crossfade")
        .addParameter(RepositorySources.SHARD, "shard")
        .addCode(repos.build())
        .build());
    return Optional.of(JavaFile.builder(name.packageName(), spec.build()).skipJavaLangImports(true).indent("  ")
        .build());
  }

  /** {@code switch (className) { case "x.MegabytesToBytes" -> new MegabytesToBytes(); … }}, sorted by name. */
  private Optional<CodeBlock> converters(SchemaModel model, List<ReadEntity> entities) {
    TreeMap<String, ClassName> converters = new TreeMap<>();
    boolean ok = true;
    for (ReadEntity e : entities) {
      for (FieldDef f : e.def().fields()) {
        if (f.move() == null || f.move().converter() == null || converters.containsKey(f.move().converter())) {
          continue;
        }
        TypeElement type = elements.getTypeElement(f.move().converter());
        if (type == null || dev.crossfade.processor.check.ConverterCheck.notConstructible(type) != null) {
          // ConverterCheck has reported this already in the checks; kept for a type javac could not resolve.
          diagnostics.error(e.field(f.name()), Message.CONVERTER_NOT_CONSTRUCTIBLE, f.move().converter(),
              e.label(f.name()), "is not visible to the generated registry");
          ok = false;
          continue;
        }
        converters.put(f.move().converter(), ClassName.get(type));
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    if (converters.isEmpty()) {
      return Optional.of(CodeBlock.of("return null;\n"));
    }
    CodeBlock.Builder b = CodeBlock.builder().add("return switch (className) {\n$>");
    converters.forEach((n, type) -> b.add("case $S -> new $T();\n", n, type));
    b.add("default -> null;\n$<};\n");
    return Optional.of(b.build());
  }

  /**
   * The schema's JSON without the whitespace between tokens (strings kept as they are): the same document, read by
   * the same {@code SchemaJson.read}, in about half the characters and on one line, so that javac compiles one string
   * literal per chunk instead of one {@code +} per line of the pretty-printed file (81,882 lines in the registry of a
   * 500-entity domain). {@code schema.json}, the file people read, stays pretty-printed.
   */
  static String compact(String json) {
    StringBuilder out = new StringBuilder(json.length() / 2);
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        out.append(c);
      } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The text cut into pieces of at most {@link #CHUNK} characters (a class file's constant holds 65,535 bytes of
   * modified UTF-8, up to 3 per character), at line ends where it has them, never between the two halves of a
   * surrogate pair.
   */
  static List<String> chunks(String text) {
    if (text.indexOf('\n') < 0) {
      List<String> out = new ArrayList<>();
      int start = 0;
      while (start < text.length()) {
        int end = Math.min(text.length(), start + CHUNK);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
          end--;
        }
        out.add(text.substring(start, end));
        start = end;
      }
      if (out.isEmpty()) {
        out.add("");
      }
      return out;
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("(?<=\n)")) {
      if (current.length() > 0 && current.length() + line.length() > CHUNK) {
        out.add(current.toString());
        current.setLength(0);
      }
      current.append(line);
    }
    if (current.length() > 0 || out.isEmpty()) {
      out.add(current.toString());
    }
    return out;
  }

  /**
   * {@code Host_Properties}: one {@code Property<Host, T>} constant per persistent field, named like the
   * field in upper snake case ({@code cpuCount} is {@code CPU_COUNT}).
   */
  public JavaFile properties(ReadEntity entity) {
    TypeElement type = entity.element();
    ClassName entityName = ClassName.get(type);
    ClassName name = ClassName.get(entityName.packageName(), String.join("_", entityName.simpleNames())
        + "_Properties");
    TypeSpec.Builder spec = TypeSpec.classBuilder(name)
        .addAnnotation(RepositorySources.generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(type)
        .addJavadoc("The persistent fields of {@link $T} as typed constants, for\n"
            + "{@code repository.supports($T.$L)}.\n", entityName, name,
            constant(entity.def().fields().get(entity.def().fields().size() - 1).name()))
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    Map<String, String> seen = new TreeMap<>();
    for (FieldDef f : entity.def().fields()) {
      String constant = constant(f.name());
      if (seen.putIfAbsent(constant, f.name()) != null) {
        continue; // two fields that differ only in case; the String overload still names both
      }
      TypeName valueType = TypeName.get(((VariableElement) entity.field(f.name())).asType()).box();
      spec.addField(FieldSpec.builder(ParameterizedTypeName.get(PROPERTY, entityName, valueType), constant,
              Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("{@link $T}'s field {@code $L}.\n", entityName, f.name())
          .initializer("new $T<>($S)", PROPERTY, f.name())
          .build());
    }
    return JavaFile.builder(name.packageName(), spec.build()).skipJavaLangImports(true).indent("  ").build();
  }

  /** {@code cpuCount} becomes {@code CPU_COUNT}. */
  static String constant(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
