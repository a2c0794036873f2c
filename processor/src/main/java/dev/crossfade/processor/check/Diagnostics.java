package dev.crossfade.processor.check;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Collects errors and points each at its culprit: the element, and where known the annotation and its
 * value, so an IDE underlines {@code field = "nope"} itself. Generation is gated on {@link #hasErrors()}.
 */
public final class Diagnostics {
  private final Messager messager;
  private int errors;

  public Diagnostics(Messager messager) {
    this.messager = messager;
  }

  public void error(Element element, Message message, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, message.format(args), element);
  }

  public void error(Element element, AnnotationMirror annotation, Message message, Object... args) {
    errors++;
    if (annotation == null) {
      messager.printMessage(Kind.ERROR, message.format(args), element);
    } else {
      messager.printMessage(Kind.ERROR, message.format(args), element, annotation);
    }
  }

  public void error(Element element, AnnotationMirror annotation, AnnotationValue value, Message message, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, message.format(args), element, annotation, value);
  }

  /** An error with no element to point at (a bad processor option). */
  public void error(Message message, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, message.format(args));
  }

  public boolean hasErrors() {
    return errors > 0;
  }
}
