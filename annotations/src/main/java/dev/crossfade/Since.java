package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The release whose expand step creates this entity's table or this field's column.
 *
 * <pre>{@code
 * @Table("host_os") @Since("2.0")
 * public record HostOs(@Id long hostId, String osName) {}
 *
 * @Since("2.0") @Column(defaultValue = "0")
 * int cpuCount;
 * }</pre>
 *
 * <p>A field that is {@code @Since(R)} is read and written only on shards where release R is at least
 * {@code EXPANDED}; on an older shard a read gives its declared default, and a write of any other value is
 * refused rather than dropped. A column added to an existing table must be nullable or have a default.
 * Versions compare numerically by dot-separated parts ({@code 2.10 > 2.9}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Since {
  /** The release, for example {@code "2.0"}. */
  String value();
}
