package dev.crossfade.processor.read;

import dev.crossfade.schema.EntityDef;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * An entity as read, with the source elements behind it, so that checks across entities can still point
 * at the field and annotation at fault. Generation uses only {@link #def()}.
 */
public record ReadEntity(TypeElement element, EntityDef def, Map<String, Element> fields) {

  public Element field(String name) {
    return fields.getOrDefault(name, element);
  }

  /** {@code Host.ip}, as messages name a field. */
  public String label(String fieldName) {
    return element.getSimpleName() + "." + fieldName;
  }
}
