package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The release that stops depending on this entity or field. It is kept, and still written, while servers
 * of an older release may read it; that release's contract step drops it.
 *
 * <pre>{@code
 * @DeprecatedIn("2.0")
 * String legacyRack;   // still written by 2.0 until CONTRACTING, dropped by 2.0's contract
 *
 * @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress")
 * String ip;           // its data now lives in host_network.ip_address
 * }</pre>
 *
 * <p>Java has no {@code @Deprecated-in}; hence the spelling. Add {@link MovedTo} when the data lives on
 * somewhere else.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface DeprecatedIn {
  /** The release, for example {@code "2.0"}. */
  String value();
}
