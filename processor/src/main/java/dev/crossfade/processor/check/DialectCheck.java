package dev.crossfade.processor.check;

import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.sql.Dialect;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Table and column names against the databases the build selected ({@code crossfade.dialects}): too long
 * for one of them is an error, because PostgreSQL silently cuts a long name (two names can then collide)
 * and MariaDB refuses it; a reserved word is a warning, because Crossfade's SQL quotes every name and works,
 * but every hand-written query must quote it too.
 */
public final class DialectCheck {
  private final Diagnostics diagnostics;
  private final List<Dialect> dialects;

  public DialectCheck(Diagnostics diagnostics, List<Dialect> dialects) {
    this.diagnostics = diagnostics;
    this.dialects = dialects;
  }

  public void run(List<ReadEntity> entities) {
    for (ReadEntity e : entities) {
      Optional<AnnotationMirror> table = Annotations.find(e.element(), Annotations.TABLE)
          .or(() -> Annotations.find(e.element(), Annotations.JPA_TABLE));
      Optional<AnnotationValue> tableValue = table.flatMap(m -> Annotations.explicit(m, "value")
          .or(() -> Annotations.explicit(m, "name")));
      check(e.element(), table.orElse(null), tableValue.orElse(null), "Table", e.def().table(),
          "@Table(\"%s\")", e.element().getSimpleName().toString());
      for (FieldDef f : e.def().fields()) {
        Element field = e.field(f.name());
        Optional<AnnotationMirror> column = Annotations.find(field, Annotations.COLUMN)
            .or(() -> Annotations.find(field, Annotations.JPA_COLUMN));
        Optional<AnnotationValue> columnValue = column.flatMap(m -> Annotations.explicit(m, "name"));
        check(field, columnValue.isPresent() ? column.get() : null, columnValue.orElse(null), "Column", f.column(),
            "@Column(name = \"%s\")", e.label(f.name()));
        blobIndex(e, f, field, column.orElse(null));
      }
    }
  }

  /** An index on a {@code byte[]} column: MariaDB and MySQL cannot keep it online (found by PlanIsWhatRunsTest). */
  private void blobIndex(ReadEntity e, FieldDef f, Element field, AnnotationMirror column) {
    if (f.javaKind() != dev.crossfade.schema.JavaKind.BYTES || !f.unique() && !f.indexed()) {
      return;
    }
    List<String> mysqlFamily = dialects.stream().filter(Dialect::isMySqlFamily).map(Dialect::displayName).toList();
    if (mysqlFamily.isEmpty()) {
      return;
    }
    String attribute = f.unique() ? "unique = true" : "indexed = true";
    Optional<AnnotationValue> value = column == null ? Optional.empty()
        : Annotations.explicit(column, f.unique() ? "unique" : "indexed");
    diagnostics.error(field, column, value.orElse(null), Message.BLOB_INDEXED, e.label(f.name()), attribute,
        String.join(" and ", mysqlFamily), e.def().table(), attribute);
  }

  private void check(Element element, AnnotationMirror mirror, AnnotationValue value, String what, String name,
      String fix, String label) {
    Optional<Dialect> strictest = dialects.stream().filter(d -> name.length() > d.maxIdentifierLength())
        .min(Comparator.comparingInt(Dialect::maxIdentifierLength));
    if (strictest.isPresent()) {
      Dialect d = strictest.get();
      diagnostics.error(element, mirror, value, Message.IDENTIFIER_TOO_LONG, what, name, name.length(),
          d.displayName(), d.maxIdentifierLength(), String.format(java.util.Locale.ROOT, fix,
              shortened(name, d.maxIdentifierLength())));
      return;
    }
    List<Dialect> reserving = dialects.stream().filter(d -> d.isReserved(name)).toList();
    if (!reserving.isEmpty()) {
      diagnostics.warning(element, mirror, value, Message.IDENTIFIER_RESERVED, what, name,
          reserving.stream().map(Dialect::displayName).collect(Collectors.joining(", ")), label);
    }
  }

  /** The name cut to the limit at a word boundary where one is close, for the suggested fix. */
  public static String shortened(String name, int max) {
    String cut = name.substring(0, max);
    int underscore = cut.lastIndexOf('_');
    if (underscore > max / 2) {
      cut = cut.substring(0, underscore);
    }
    while (cut.endsWith("_") && cut.length() > 1) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut;
  }
}
