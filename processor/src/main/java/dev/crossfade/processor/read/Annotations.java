package dev.crossfade.processor.read;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Annotation lookups by qualified name, so the processor reads {@code dev.crossfade.*} and
 * {@code jakarta.persistence.*} alike without either on its own class path.
 */
public final class Annotations {
  public static final String TABLE = "dev.crossfade.Table";
  public static final String ID = "dev.crossfade.Id";
  public static final String COLUMN = "dev.crossfade.Column";
  public static final String SINCE = "dev.crossfade.Since";
  public static final String DEPRECATED_IN = "dev.crossfade.DeprecatedIn";
  public static final String MOVED_TO = "dev.crossfade.MovedTo";
  public static final String VERSION = "dev.crossfade.Version";
  public static final String REFERENCES = "dev.crossfade.References";
  public static final String INDEX = "dev.crossfade.Index";
  public static final String INDEXES = "dev.crossfade.Indexes";
  public static final String CHECK = "dev.crossfade.Check";
  public static final String CHECKS = "dev.crossfade.Checks";
  static final String JPA_VERSION = "jakarta.persistence.Version";
  public static final String RELEASE = "dev.crossfade.Release";
  public static final String JPA_TABLE = "jakarta.persistence.Table";
  static final String JPA_ID = "jakarta.persistence.Id";
  public static final String JPA_COLUMN = "jakarta.persistence.Column";
  static final String JPA_TRANSIENT = "jakarta.persistence.Transient";
  static final String CONVERTER_NONE = "dev.crossfade.Converter.None";

  private final Elements elements;

  Annotations(Elements elements) {
    this.elements = elements;
  }

  public static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The value the user wrote, or empty when the attribute was left at its default. */
  public static Optional<AnnotationValue> explicit(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** The value with the annotation's default filled in. */
  AnnotationValue value(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("no attribute " + attribute + " on " + mirror);
  }
}
