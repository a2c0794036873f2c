package dev.crossfade.processor.check;

import java.util.Locale;

/**
 * Every message the processor prints, in one place. Each is a whole sentence that ends with the fix and
 * starts with a tag users can search for. Tests assert against these constants.
 */
public enum Message {
  RELEASE_MISSING("release-missing",
      "Entity %s has no release; add @Release(\"1.0\") to the package-info.java of %s or pass -Acrossfade.release=1.0 to javac"),
  RELEASE_CONFLICT("release-conflict",
      "Entity %s is release %s but entity %s is release %s; one compilation is one release: make the @Release annotations (or -Acrossfade.release) agree"),
  BASELINE_AFTER_RELEASE("baseline-after-release",
      "The baseline %s is later than the code's release %s; the baseline is the schema's first release: set it to %s or lower in @Release(baseline = \"…\") or -Acrossfade.baseline"),
  VERSION_MALFORMED("version-malformed",
      "\"%s\" is not a release number; write one to four dot-separated whole numbers, like @%s(\"2.0\")"),
  OPTION_MALFORMED("option-malformed",
      "-A%s=%s is not a release number; write one to four dot-separated whole numbers, like -A%s=2.0"),
  VERSION_AFTER_RELEASE("version-after-release",
      "%s is @%s(\"%s\") but the code is release %s; a release can only change what it ships: set it to \"%s\" or lower, or raise the code's release"),
  DEPRECATED_IN_BASELINE("deprecated-in-baseline",
      "%s is @DeprecatedIn(\"%s\"), which is not after the baseline release %s, so no older release can still read it; delete it, or declare the real first release with @Release(value = \"%s\", baseline = \"…\")"),
  DEPRECATED_BEFORE_SINCE("deprecated-before-since",
      "%s is @DeprecatedIn(\"%s\") but only created by @Since(\"%s\"); a release can only deprecate what already exists: set @DeprecatedIn to a release after %s"),
  ENTITY_KIND("entity-kind",
      "@Table is on %s, which is not a class or record; put @Table on the class or record that holds the row"),
  ID_MISSING("id-missing",
      "Entity %s has no primary key; add @Id to the field that identifies a row"),
  ID_DUPLICATE("id-duplicate",
      "Entity %s has a second @Id on %s; composite keys are not supported yet: keep @Id on one field"),
  ID_VERSIONED("id-versioned",
      "The key %s carries @%s; a primary key lives as long as its table: put @Since or @DeprecatedIn on the entity instead"),
  IDENTIFIER_INVALID("identifier-invalid",
      "\"%s\" is not a valid %s name; use lower snake_case of at most 63 characters that starts with a letter or _, for example \"%s\""),
  TABLE_DUPLICATE("table-duplicate",
      "Table \"%s\" is mapped by both %s and %s; give one of them another @Table name"),
  COLUMN_DUPLICATE("column-duplicate",
      "Column \"%s\" of table \"%s\" is mapped by both %s and %s; give one of them another @Column(name = \"…\")"),
  TYPE_UNSUPPORTED("type-unsupported",
      "Field %s has type %s, which Crossfade cannot store; use one of %s, or make the field static or transient"),
  DEFAULT_INVALID("default-invalid",
      "Default \"%s\" of %s does not fit its type %s; write it as %s"),
  NOT_NULL_WITHOUT_DEFAULT("not-null-without-default",
      "%s is added by %s to table \"%s\", which already has rows, as NOT NULL without a default; add @Column(defaultValue = \"…\"), or make it nullable: a boxed type for a primitive, @Column(nullable = NULLABLE) otherwise"),
  MOVED_TO_WITHOUT_DEPRECATED_IN("moved-to-without-deprecated-in",
      "%s has @MovedTo but no @DeprecatedIn; add @DeprecatedIn(\"%s\") to say which release moves it"),
  MOVED_TO_UNKNOWN_ENTITY("moved-to-unknown-entity",
      "@MovedTo(entity = %s.class) on %s names a class that is not an entity; annotate %s with @Table, or name the entity that now holds the data"),
  MOVED_TO_UNKNOWN_FIELD("moved-to-unknown-field",
      "@MovedTo(field = \"%s\") on %s: entity %s has no field \"%s\"; add @Since(\"%s\") %s %s; to %s, or name one of its fields (%s)"),
  MOVED_TO_TARGET_NOT_NEW("moved-to-target-not-new",
      "%s moves in release %s to %s, which that release does not create, so the backfill would overwrite live data; add @Since(\"%s\") to %s, or move to a new field"),
  MOVED_TO_DUPLICATE_TARGET("moved-to-duplicate-target",
      "%s moves to %s, which %s already moves to; a field takes the data of one moved field: add another @Since field for %s"),
  MOVED_TO_TYPE_MISMATCH("moved-to-type-mismatch",
      "%s (%s) moves to %s (%s) without a converter; add converter = YourConverter.class to @MovedTo, implementing Converter<%s, %s>"),
  MOVED_TO_KEY_MISMATCH("moved-to-key-mismatch",
      "%s moves to %s, whose key %s is %s but the key of %s is %s; a split table is keyed by its parent's key: give %s the type %s"),
  DIALECT_UNKNOWN("dialect-unknown",
      "-Acrossfade.dialects names \"%s\"; use a comma-separated list of postgres, mariadb, mysql, h2"),
  LATE_ENTITY("late-entity",
      "Entity %s appeared in a later processing round, after Crossfade generated this domain's SQL; entities must be written by hand, not generated by another processor"),
  REPOSITORY_NOT_INTERFACE("repository-not-interface",
      "@Repository is on %s, which is not an interface; declare an interface that extends CrossfadeRepository<Entity, Id> and Crossfade implements it"),
  REPOSITORY_NOT_CROSSFADE("repository-not-crossfade",
      "Repository %s does not extend CrossfadeRepository; add extends CrossfadeRepository<Entity, Id> naming its entity and the boxed type of the entity's @Id"),
  REPOSITORY_NOT_ENTITY("repository-not-entity",
      "Repository %s is for %s, which is not an entity of this compilation; annotate %s with @Table, or name an entity in CrossfadeRepository<…>"),
  REPOSITORY_KEY_TYPE("repository-key-type",
      "Repository %s declares the key type %s but the @Id %s is %s; write CrossfadeRepository<%s, %s>"),
  FINDER_UNPARSEABLE("finder-unparseable",
      "Method %s of %s is not a query Crossfade can derive: %s; name it findBy…, countBy…, existsBy… or deleteBy… followed by fields of %s, for example %s"),
  FINDER_UNKNOWN_PROPERTY("finder-unknown-property",
      "Method %s of %s names \"%s\", which is not a field of %s; use one of its fields: %s"),
  FINDER_PARAMETER_COUNT("finder-parameter-count",
      "Method %s of %s takes %d parameters but its name needs %d (%s); declare one parameter per value, in the order of the name"),
  FINDER_PARAMETER_TYPE("finder-parameter-type",
      "Parameter %s of %s is %s but %s compares %s; declare it as %s"),
  FINDER_RETURN_TYPE("finder-return-type",
      "Method %s of %s returns %s; a %s query returns %s"),
  ENTITY_NOT_MAPPABLE("entity-not-mappable",
      "The repository of %s cannot %s; %s"),
  INTERNAL_ERROR("internal-error",
      "Crossfade failed on %s with %s; this is a bug in Crossfade: please report it with this element, and work around it by simplifying the element");

  private final String tag;
  private final String template;

  Message(String tag, String template) {
    this.tag = tag;
    this.template = template;
  }

  /** The search tag, {@code crossfade:moved-to-unknown-field}; also the {@code @SuppressWarnings} key of warnings. */
  public String tag() {
    return "crossfade:" + tag;
  }

  /** The full text with its tag, formatted locale-independently. */
  public String format(Object... args) {
    return "[" + tag() + "] " + String.format(Locale.ROOT, template, args);
  }
}
