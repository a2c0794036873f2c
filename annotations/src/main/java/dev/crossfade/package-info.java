/**
 * Crossfade's annotations: describe a schema's history on the entity classes, and the processor
 * generates version-aware repositories and the expand, backfill and contract SQL for each release.
 *
 * <pre>{@code
 * @Table("host")
 * public record Host(
 *     @Id long id,
 *     @Since("2.0") @Column(defaultValue = "0") int cpuCount,
 *     @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress") String ip) {}
 * }</pre>
 */
package dev.crossfade;
