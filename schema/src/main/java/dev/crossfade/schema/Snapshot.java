package dev.crossfade.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one release shipped: the tables and columns a shard has while that release is EXPANDED (old and new
 * structures side by side), with the Java field and the release annotations behind each. The processor
 * writes the code's release's snapshot to {@code <crossfade.snapshots>/<release>.json} at every successful
 * compile, for users to commit; the next release's compile diffs its code against the last one.
 *
 * <p>The JSON is meant to be read in a review: keys sorted at every level, two-space indent, {@code \n}
 * line ends, a final newline, no timestamps, nulls left out. One field is the user's to edit: a table's
 * {@code rows}, an estimate of its size in production, which turns a backfill or index over it into a
 * warning; the processor carries it over into the next release's snapshot.
 *
 * <pre>{@code
 * "host" : {
 *   "columns" : { "id" : { "field" : "id", "javaType" : "long", "nullable" : false, "since" : "1.0", … } },
 *   "entity" : "com.example.Host",
 *   "key" : "id",
 *   "rows" : 40000000,
 *   "since" : "1.0"
 * }
 * }</pre>
 *
 * @param format the snapshot format, {@link #FORMAT}
 * @param release the release that shipped this layout
 * @param baseline that release's baseline, the schema's first release
 * @param tables by table name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(int format, Version release, Version baseline, SortedMap<String, Table> tables) {
  /** Bumped when the format changes incompatibly; a newer snapshot is refused with a clear message. */
  public static final int FORMAT = 1;

  public Snapshot {
    tables = Collections.unmodifiableSortedMap(new TreeMap<>(tables == null ? Map.of() : tables));
  }

  /**
   * One table.
   *
   * @param entity the qualified class name of the entity that mapped it
   * @param since the release that created it
   * @param deprecatedIn the release whose contract drops it, or null
   * @param key the primary key's column; a composite key's columns in key order, separated by {@code ", "}
   * @param rows the user's estimate of its rows in production, or null when unknown
   * @param columns by column name
   * @param foreignKeys its {@code @References} by constraint name; absent when it has none (and in snapshots
   *     written before they were recorded)
   * @param indexes its {@code @Index} indexes by name, including those a later release drops; absent when none
   * @param checks its {@code @Check} constraints by name; absent when none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Table(String entity, Version since, Version deprecatedIn, String key, Long rows,
      SortedMap<String, Column> columns,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, ForeignKey> foreignKeys,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Index> indexes,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, Check> checks) {
    public Table {
      columns = Collections.unmodifiableSortedMap(new TreeMap<>(columns == null ? Map.of() : columns));
      foreignKeys = Collections.unmodifiableSortedMap(new TreeMap<>(foreignKeys == null ? Map.of() : foreignKeys));
      indexes = Collections.unmodifiableSortedMap(new TreeMap<>(indexes == null ? Map.of() : indexes));
      checks = Collections.unmodifiableSortedMap(new TreeMap<>(checks == null ? Map.of() : checks));
    }

    /** A table without foreign keys, indexes or checks. */
    public Table(String entity, Version since, Version deprecatedIn, String key, Long rows,
        SortedMap<String, Column> columns) {
      this(entity, since, deprecatedIn, key, rows, columns, null, null, null);
    }

    public Table withRows(Long estimate) {
      return new Table(entity, since, deprecatedIn, key, estimate, columns, foreignKeys, indexes, checks);
    }

    public String simpleEntity() {
      return entity == null ? "?" : entity.substring(entity.lastIndexOf('.') + 1);
    }
  }

  /**
   * One column.
   *
   * @param field the Java field that mapped it
   * @param javaType the field's Java type ({@code int}, {@code java.lang.String}, an enum's qualified name)
   * @param type the dialect-neutral SQL type, {@code VARCHAR(128)}
   * @param nullable its declared nullability once every release that touches it is contracted
   * @param defaultValue the declared default, as a Java literal, or null
   * @param unique whether a unique index covers it
   * @param indexed whether a plain index covers it
   * @param since the release that created it
   * @param deprecatedIn the release whose contract drops it (its own annotation, not its table's), or null
   * @param movedTo where its data moves, {@code table.column}, or null
   * @param constants for an enum column, the constants of its enum type in declaration order, each with its
   *     {@code @Since} if it has one; null for other columns, and for an enum column in a snapshot written before
   *     constants were recorded (unknown: then only the enum type is compared, see docs/decisions.md)
   * @param version true when it is the entity's {@code @Version} column; null otherwise (so snapshots without
   *     one read and write as before)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Column(String field, String javaType, String type, boolean nullable, String defaultValue,
      boolean unique, boolean indexed, Version since, Version deprecatedIn, String movedTo,
      List<EnumConstant> constants, Boolean version) {
    public Column {
      constants = constants == null ? null : List.copyOf(constants);
      version = Boolean.TRUE.equals(version) ? Boolean.TRUE : null;
    }

    /** Whether it is the entity's {@code @Version} column. */
    public boolean versionColumn() {
      return Boolean.TRUE.equals(version);
    }

    /** The constant of this name, when the column's constants are known and include it. */
    public Optional<EnumConstant> constant(String name) {
      return constants == null ? Optional.empty()
          : constants.stream().filter(c -> c.name().equals(name)).findFirst();
    }
  }

  /**
   * A foreign key as a release shipped it.
   *
   * @param column the referring column
   * @param references {@code table.column} it points at
   * @param onDelete the referential action
   * @param since the release that added it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ForeignKey(String column, String references, String onDelete, Version since) {}

  /**
   * An {@code @Index} as a release shipped it.
   *
   * @param columns in index order
   * @param unique whether it is unique
   * @param since the release that created it
   * @param deprecatedIn the release whose contract drops it, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Index(List<String> columns, boolean unique, Version since, Version deprecatedIn) {
    public Index {
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  /**
   * A {@code @Check} as a release shipped it.
   *
   * @param expression the expression as declared
   * @param since the release that added it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Check(String expression, Version since) {}

  /**
   * Where a moved field's data went, as a snapshot records it: {@code host_network.ip_address}, and for a 1:N
   * extraction the row too, {@code customer_phone.number where slot = 1}; null when the field does not move or its
   * target is unknown.
   */
  public static String movedTo(SchemaModel model, FieldDef f) {
    if (f.move() == null) {
      return null;
    }
    return model.entity(f.move().targetEntity())
        .flatMap(t -> t.field(f.move().targetField()).map(tf -> t.table() + "." + tf.column()
            + (f.move().keyed() && t.ids().size() > 1
                ? " where " + t.ids().get(t.ids().size() - 1).column() + " = " + f.move().key() : "")))
        .orElse(null);
  }

  /** The snapshot of the code's release: every table and column that exists while it is EXPANDED. */
  public static Snapshot of(SchemaModel model) {
    Version release = model.release();
    SortedMap<String, Table> tables = new TreeMap<>();
    for (EntityDef e : model.entities()) {
      if (e.deprecatedIn() != null && e.deprecatedIn().isBefore(release)) {
        continue;
      }
      SortedMap<String, Column> columns = new TreeMap<>();
      for (FieldDef f : e.fields()) {
        if (f.deprecatedIn() != null && f.deprecatedIn().isBefore(release)) {
          continue;
        }
        String movedTo = movedTo(model, f);
        columns.put(f.column(), new Column(f.name(), f.javaType(), f.sqlType().toString(), f.nullable(),
            f.defaultValue(), f.unique(), f.indexed(), model.sinceOf(e, f), f.deprecatedIn(), movedTo,
            f.javaKind() == JavaKind.ENUM ? f.constants() : null, f.version() ? Boolean.TRUE : null));
      }
      SortedMap<String, ForeignKey> keys = new TreeMap<>();
      for (ForeignKeyDef k : e.foreignKeys()) {
        if (columns.containsKey(k.column())) {
          keys.put(k.name(), new ForeignKey(k.column(), k.targetTable() + "." + k.targetColumn(), k.onDelete(),
              model.sinceOf(e, k)));
        }
      }
      SortedMap<String, Index> indexes = new TreeMap<>();
      for (IndexDef i : e.indexes()) {
        if (i.deprecatedIn() == null || !i.deprecatedIn().isBefore(release)) {
          indexes.put(i.name(), new Index(i.columns(), i.unique(), model.sinceOf(e, i), i.deprecatedIn()));
        }
      }
      SortedMap<String, Check> checks = new TreeMap<>();
      for (CheckDef k : e.checks()) {
        checks.put(k.name(), new Check(k.expression(), model.sinceOf(e, k)));
      }
      tables.put(e.table(), new Table(e.className(), model.sinceOf(e), e.deprecatedIn(),
          String.join(", ", e.keyColumns()), null, columns, keys, indexes, checks));
    }
    return new Snapshot(FORMAT, release, model.baseline(), tables);
  }

  /**
   * This snapshot with the row estimates of {@code earlier} (the same release's previous snapshot, else the
   * last release's), so that a user's edit survives the rewrite at every compile.
   */
  public Snapshot withRowsFrom(Snapshot earlier) {
    SortedMap<String, Table> out = new TreeMap<>();
    tables.forEach((name, t) -> {
      Table old = earlier == null ? null : earlier.tables().get(name);
      out.put(name, t.rows() == null && old != null && old.rows() != null ? t.withRows(old.rows()) : t);
    });
    return new Snapshot(format, release, baseline, out);
  }

  public Optional<Table> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  // -------------------------------------------------------------------------------------------------------
  // JSON

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new SimpleModule()
          .addSerializer(Version.class, new JsonSerializer<>() {
            @Override
            public void serialize(Version v, JsonGenerator g, SerializerProvider p) throws IOException {
              g.writeString(v.toString());
            }
          })
          .addDeserializer(Version.class, new JsonDeserializer<>() {
            @Override
            public Version deserialize(JsonParser p, DeserializationContext c) throws IOException {
              return Version.parse(p.getValueAsString());
            }
          }))
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** The file's text: sorted keys, two-space indent, {@code \n} line ends and a final newline. */
  public String toJson() {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a snapshot; throws {@link IllegalArgumentException} with a reason a user can act on when the text
   * is not one (for the processor to report as a compile error).
   */
  public static Snapshot parse(String json) {
    Snapshot s;
    try {
      s = MAPPER.readValue(json, Snapshot.class);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int end = reason.indexOf('\n');
      throw new IllegalArgumentException("it is not snapshot JSON (" + (end < 0 ? reason : reason.substring(0, end))
          + ")", e);
    }
    if (s == null || s.release() == null || s.baseline() == null) {
      throw new IllegalArgumentException("it has no \"release\" or no \"baseline\"");
    }
    if (s.format() > FORMAT) {
      throw new IllegalArgumentException("it has format " + s.format() + " but this Crossfade reads up to " + FORMAT
          + "; upgrade crossfade-processor to the version that wrote it");
    }
    for (Map.Entry<String, Table> t : s.tables().entrySet()) {
      if (t.getValue() == null || t.getValue().since() == null || t.getValue().key() == null) {
        throw new IllegalArgumentException("table \"" + t.getKey() + "\" has no \"since\" or no \"key\"");
      }
      if (t.getValue().rows() != null && t.getValue().rows() < 0) {
        throw new IllegalArgumentException("table \"" + t.getKey() + "\" has a negative \"rows\" estimate");
      }
      for (Map.Entry<String, Column> c : t.getValue().columns().entrySet()) {
        Column col = c.getValue();
        if (col == null || col.field() == null || col.javaType() == null || col.type() == null || col.since() == null) {
          throw new IllegalArgumentException("column \"" + t.getKey() + "." + c.getKey()
              + "\" lacks \"field\", \"javaType\", \"type\" or \"since\"");
        }
        if (col.constants() != null && col.constants().stream().anyMatch(k -> k == null)) {
          throw new IllegalArgumentException("column \"" + t.getKey() + "." + c.getKey()
              + "\" has an empty entry in \"constants\"");
        }
      }
    }
    return s;
  }
}
