package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The release the code in a package is, put on {@code package-info.java}. The processor option
 * {@code -Acrossfade.release=2.0} may set it instead (the annotation wins when both are given).
 *
 * <pre>{@code
 * @Release(value = "2.0", baseline = "1.0")
 * package com.example.inventory;
 *
 * import dev.crossfade.Release;
 * }</pre>
 *
 * <p>The <em>baseline</em> is the first release of the schema: entities and fields without {@link Since}
 * belong to it, and its expand creates them from nothing. It is taken, in order, from this annotation, the
 * option {@code -Acrossfade.baseline}, or else the lowest release any annotation names.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface Release {
  /** The code's release, for example {@code "2.0"}. */
  String value();

  /** The schema's first release; empty means "not said here". */
  String baseline() default "";
}
