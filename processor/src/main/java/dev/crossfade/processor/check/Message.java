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
      "\"%s\" is not a valid %s name; use lower snake_case that starts with a letter or _, for example \"%s\""),
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
  NOT_NULL_MOVE_SOURCE_GONE("not-null-move-source-gone",
      "%s was added by release %s to table \"%s\" as NOT NULL without a default, and no field moves into it any more; if you deleted the field that moved into it after %s was contracted everywhere, squash that history instead: @Release(value = \"%s\", baseline = \"%s\") on the package makes %s's schema the baseline a new shard gets whole (this code serves shards at %s and later only); otherwise add @Column(defaultValue = \"…\") or make it nullable"),

  // Compile-time safety against the released snapshots, the release window and the selected dialects.
  IDENTIFIER_TOO_LONG("identifier-too-long",
      "%s name \"%s\" has %d characters but %s allows at most %d; shorten it: %s"),
  IDENTIFIER_RESERVED("identifier-reserved",
      "%s name \"%s\" is a reserved word in %s; Crossfade's SQL quotes it, but every hand-written query and tool must quote it too: rename it, or add @SuppressWarnings(\"crossfade:identifier-reserved\") to %s"),
  MOVED_TO_CHAIN("moved-to-chain",
      "%s moves in release %s to %s, which release %s moves on to %s; data moves once per release, so the middle field would never be filled: point the first move at the final field, @MovedTo(entity = %s.class, field = \"%s\"), and delete %s"),
  MOVED_TO_CYCLE("moved-to-cycle",
      "%s moves in a circle (%s), so no field is new to receive the data; move it to a new field: @MovedTo(entity = %s.class, field = \"…\") with @Since(\"%s\") on that field"),
  SNAPSHOTS_OFF("snapshots-off",
      "No -Acrossfade.snapshots folder is set, so release %s is not compared with the releases already shipped; pass -Acrossfade.snapshots=${project.basedir}/src/main/crossfade-snapshots to javac and commit the snapshots it writes"),
  SNAPSHOTS_FOLDER_UNUSABLE("snapshots-folder-unusable",
      "-Acrossfade.snapshots=%s cannot be used (%s); point it at a folder the build may create and write, like -Acrossfade.snapshots=${project.basedir}/src/main/crossfade-snapshots"),
  SNAPSHOT_UNREADABLE("snapshot-unreadable",
      "Snapshot %s cannot be read: %s; Crossfade writes snapshots as <release>.json: restore the file from version control, or delete it to stop comparing with that release"),
  RELEASE_BEHIND_SNAPSHOT("release-behind-snapshot",
      "The code is release %s but the snapshots already hold release %s, so this build would take shards back in time; releases only go forward: build release %s from its own branch, or raise the release to @Release(\"%s\")"),
  TABLE_REMOVED("table-removed",
      "Table \"%s\" (entity %s) is in the snapshot of release %s but no entity of release %s maps it, so it would vanish under the %s servers that still use it; put %s back and deprecate it: @DeprecatedIn(\"%s\") @Table(\"%s\")"),
  COLUMN_REMOVED("column-removed",
      "Column %s.%s (field %s) is in the snapshot of release %s but %s has no field for it, so it would vanish under the %s servers that still use it; put the field back and deprecate it: @DeprecatedIn(\"%s\") %s %s"),
  TABLE_DELETED_BEFORE_CONTRACT("table-deleted-before-contract",
      "Entity %s (table \"%s\") is @DeprecatedIn(\"%s\") in the snapshot of release %s and was deleted, but release %s servers still write it on shards where %s is not CONTRACTING yet; keep it until the release after %s: @DeprecatedIn(\"%s\") @Table(\"%s\")"),
  FIELD_DELETED_BEFORE_CONTRACT("field-deleted-before-contract",
      "Field %s (column %s.%s) is @DeprecatedIn(\"%s\") in the snapshot of release %s and was deleted, but release %s servers still write it on shards where %s is not CONTRACTING yet; keep it until the release after %s: @DeprecatedIn(\"%s\") %s %s"),
  TABLE_RENAMED_IN_PLACE("table-renamed-in-place",
      "Entity %s maps table \"%s\" but mapped \"%s\" in release %s; a table renamed in place vanishes under the %s servers that still use it: keep @Table(\"%s\"), and to rename, move each field into a new @Since(\"%s\") entity with @DeprecatedIn(\"%s\") @MovedTo"),
  COLUMN_RENAMED_IN_PLACE("column-renamed-in-place",
      "%s maps column \"%s\" but mapped \"%s\" in release %s; a column renamed in place vanishes under the %s servers that still use it: keep @Column(name = \"%s\"), and to rename, add a new @Since(\"%s\") field and move the data with @DeprecatedIn(\"%s\") @MovedTo(entity = %s.class, field = \"…\")"),
  COLUMN_RETYPED_IN_PLACE("column-retyped-in-place",
      "%s is %s (%s) but column %s.%s was %s (%s) in release %s; Crossfade never changes a column's type in place, because the %s servers still read and write it: keep %s, and to change the type, add a new @Since(\"%s\") field and move the data with @DeprecatedIn(\"%s\") @MovedTo(entity = %s.class, field = \"…\", converter = …)"),
  PRIMARY_KEY_CHANGED("primary-key-changed",
      "The key of table \"%s\" is %s (%s) but was column %s (%s) in release %s; a primary key cannot change under running servers, whose rows and references use it: keep @Id on the field of column %s, and for another key create a new @Since(\"%s\") entity"),
  NOT_NULL_ADDED("not-null-added",
      "%s is NOT NULL but column %s.%s was nullable in release %s; SET NOT NULL on an existing column scans the table under a lock, fails on rows that hold NULL, and breaks the %s servers that still insert NULL: keep it nullable (%s), or move the data to a new @Since(\"%s\") field with @Column(nullable = Column.Nullability.NOT_NULL, defaultValue = \"…\")"),
  INDEX_ADDED_IN_PLACE("index-added-in-place",
      "@Column(%s = true) on %s adds %s to column %s.%s, which exists since release %s; a plain CREATE INDEX blocks writes while it reads the table%s, so Crossfade builds indexes only together with their column: remove %s = true and build the index online by hand (PostgreSQL CREATE %sINDEX CONCURRENTLY, MariaDB ALGORITHM=INPLACE, LOCK=NONE), or add a new @Since(\"%s\") @Column(%s = true) field, which expand indexes online, and move the data with @DeprecatedIn(\"%s\") @MovedTo(entity = %s.class, field = \"…\")"),
  ADDED_WITHOUT_SINCE("added-without-since",
      "%s is not in the snapshot of release %s, so release %s adds it, but without @Since it dates from release %s, whose expand shards already ran, and no expand would create it; add @Since(\"%s\")"),
  SINCE_BEFORE_SNAPSHOT("since-before-snapshot",
      "%s is @Since(\"%s\") but the snapshot of release %s does not have it, so shards that ran that release's expand lack it and no later expand adds it; set @Since(\"%s\")"),
  SINCE_AFTER_SNAPSHOT("since-after-snapshot",
      "%s is @Since(\"%s\") but the snapshot of release %s already has it, created by release %s, so %s's expand would add it a second time and fail; set @Since(\"%s\")"),
  DEPRECATION_WITHDRAWN("deprecation-withdrawn",
      "%s is @DeprecatedIn(\"%s\") in the snapshot of release %s but %s now; shards run the contract of a shipped release whatever later code says, so it is dropped under the code that still uses it: put back @DeprecatedIn(\"%s\")"),
  DEPRECATED_IN_SHIPPED_RELEASE("deprecated-in-shipped-release",
      "%s is @DeprecatedIn(\"%s\") but the snapshot of release %s does not deprecate it, so no shipped contract drops it and the %s servers still use it; deprecate it in this release: @DeprecatedIn(\"%s\")"),
  BACKFILL_LARGE_TABLE("backfill-large-table",
      "Release %s's backfill copies %s over table \"%s\", which the snapshot of release %s estimates at %,d rows; the shard stays in MIGRATING, with every write going to both places, until it is done: plan the window, or add @SuppressWarnings(\"crossfade:backfill-large-table\") to %s"),
  INDEX_LARGE_TABLE("index-large-table",
      "Release %s's expand builds index %s over table \"%s\", which the snapshot of release %s estimates at %,d rows; it is built online but reads the whole table and may take long: plan the expand, or add @SuppressWarnings(\"crossfade:index-large-table\") to %s"),
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
