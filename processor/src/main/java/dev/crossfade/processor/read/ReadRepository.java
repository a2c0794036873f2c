package dev.crossfade.processor.read;

import dev.crossfade.schema.query.Finder;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A {@code @Repository} interface as read and checked: its entity, its key type and its derived finders.
 *
 * @param idType the key type as the interface declares it (boxed)
 */
public record ReadRepository(TypeElement element, ReadEntity entity, TypeMirror idType, List<FinderMethod> finders) {

  /** How a finder hands back what it found. */
  public enum Shape {
    LIST,
    OPTIONAL,
    SINGLE,
    STREAM,
    LONG,
    INT,
    BOOLEAN,
    VOID
  }

  /** One declared finder, parsed. */
  public record FinderMethod(ExecutableElement method, Finder finder, Shape shape) {}
}
