package dev.crossfade.processor.check;

import java.util.Arrays;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Collects errors and points each at its culprit: the element, and where known the annotation and its
 * value, so an IDE underlines {@code field = "nope"} itself. Generation is gated on {@link #hasErrors()}.
 *
 * <p>Warnings are for changes that are safe but costly. Each can be silenced where it is raised with
 * {@code @SuppressWarnings("crossfade:<tag>")} on the element or any element enclosing it, the way javac's
 * own lint warnings are.
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
    if (value == null) {
      error(element, annotation, message, args);
      return;
    }
    errors++;
    messager.printMessage(Kind.ERROR, message.format(args), element, annotation, value);
  }

  /** An error with no element to point at (a bad processor option). */
  public void error(Message message, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, message.format(args));
  }

  /** A warning on the element, unless it or an enclosing element suppresses the message's tag. */
  public void warning(Element element, Message message, Object... args) {
    if (!suppressed(element, message)) {
      messager.printMessage(Kind.WARNING, message.format(args), element);
    }
  }

  /** A warning on an annotation value, unless the element or an enclosing element suppresses the tag. */
  public void warning(Element element, AnnotationMirror annotation, AnnotationValue value, Message message,
      Object... args) {
    if (suppressed(element, message)) {
      return;
    }
    if (annotation == null) {
      messager.printMessage(Kind.WARNING, message.format(args), element);
    } else if (value == null) {
      messager.printMessage(Kind.WARNING, message.format(args), element, annotation);
    } else {
      messager.printMessage(Kind.WARNING, message.format(args), element, annotation, value);
    }
  }

  /** Information with no element, printed as a javac note. */
  public void note(Message message, Object... args) {
    messager.printMessage(Kind.NOTE, message.format(args));
  }

  /** Whether {@code @SuppressWarnings("crossfade:<tag>")} is on the element or anything that encloses it. */
  static boolean suppressed(Element element, Message message) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings s = e.getAnnotation(SuppressWarnings.class);
      if (s != null && Arrays.asList(s.value()).contains(message.tag())) {
        return true;
      }
    }
    return false;
  }

  public boolean hasErrors() {
    return errors > 0;
  }
}
