package dev.crossfade.schema;

import java.util.List;

/**
 * A small hand-built history used across the tests: baseline 1.0, code release 2.0.
 *
 * <pre>
 * Host (host), since baseline
 *   id          long @Id
 *   name        String NOT NULL   @DeprecatedIn 2.0 @MovedTo(Host.hostname)          (rename)
 *   hostname    String NOT NULL   @Since 2.0 (indexed in model(true))
 *   ip          String            @DeprecatedIn 2.0 @MovedTo(HostNetwork.ipAddress)  (split)
 *   memoryMb    int               @DeprecatedIn 2.0 @MovedTo(Host.memoryBytes, x.Conv) (type change)
 *   memoryBytes Long              @Since 2.0
 *   cpuCount    int default "1"   @Since 2.0
 *   rack        String            @DeprecatedIn 2.0
 * HostNetwork (host_network) @Since 2.0
 *   hostId      long @Id
 *   ipAddress   String
 * AuditEntry (audit_entry) @DeprecatedIn 2.0
 *   id          long @Id
 * </pre>
 */
public final class SampleModel {
  public static final String PKG = "com.example.";
  public static final String HOST = PKG + "Host";
  public static final String HOST_NETWORK = PKG + "HostNetwork";
  public static final String AUDIT_ENTRY = PKG + "AuditEntry";
  public static final String CONVERTER = "x.Conv";

  public static final Version V1 = Version.parse("1.0");
  public static final Version V2 = Version.parse("2.0");

  private SampleModel() {}

  public static SchemaModel model() {
    return model(false);
  }

  /** The sample; {@code hostnameIndexed} puts a plain index on {@code host.hostname}. */
  public static SchemaModel model(boolean hostnameIndexed) {
    return new SchemaModel(V2, V1, List.of(host(hostnameIndexed, null), hostNetwork(), auditEntry()));
  }

  public static EntityDef host(boolean hostnameIndexed, Version hostDeprecatedIn) {
    FieldDef hostname = field("hostname", "hostname", JavaKind.STRING, false, null, V2, null);
    return new EntityDef(HOST, "host", null, hostDeprecatedIn, List.of(
        with(field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id(),
        with(field("name", "name", JavaKind.STRING, false, null, null, V2)).movedTo(HOST, "hostname", null),
        hostnameIndexed ? with(hostname).indexed() : hostname,
        with(field("ip", "ip", JavaKind.STRING, true, null, null, V2)).movedTo(HOST_NETWORK, "ipAddress", null),
        with(field("memoryMb", "memory_mb", JavaKind.INT, false, null, null, V2))
            .movedTo(HOST, "memoryBytes", CONVERTER),
        field("memoryBytes", "memory_bytes", JavaKind.LONG, true, null, V2, null),
        field("cpuCount", "cpu_count", JavaKind.INT, false, "1", V2, null),
        field("rack", "rack", JavaKind.STRING, true, null, null, V2)));
  }

  public static EntityDef hostNetwork() {
    return new EntityDef(HOST_NETWORK, "host_network", V2, null, List.of(
        with(field("hostId", "host_id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id(),
        field("ipAddress", "ip_address", JavaKind.STRING, true, null, null, null)));
  }

  public static EntityDef auditEntry() {
    return new EntityDef(AUDIT_ENTRY, "audit_entry", null, V2, List.of(
        with(field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id()));
  }

  /** A plain field: not unique, not indexed, not the id, no move. */
  public static FieldDef field(String name, String column, JavaKind kind, boolean nullable, String defaultValue,
      Version since, Version deprecatedIn) {
    return new FieldDef(name, column, kind, kind.javaName(), SqlType.of(kind, 0, 0, -1), nullable, defaultValue,
        false, false, false, since, deprecatedIn, null);
  }

  public static FieldBuilder with(FieldDef f) {
    return new FieldBuilder(f);
  }

  /** Small copy-with helpers, so the model above reads like the annotated classes. */
  public static final class FieldBuilder {
    private final FieldDef f;

    FieldBuilder(FieldDef f) {
      this.f = f;
    }

    public FieldDef id() {
      return new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(),
          f.defaultValue(), f.unique(), f.indexed(), true, f.since(), f.deprecatedIn(), f.move());
    }

    public FieldDef indexed() {
      return new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(),
          f.defaultValue(), f.unique(), true, f.id(), f.since(), f.deprecatedIn(), f.move());
    }

    public FieldDef unique() {
      return new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(),
          f.defaultValue(), true, f.indexed(), f.id(), f.since(), f.deprecatedIn(), f.move());
    }

    public FieldDef movedTo(String entity, String field, String converter) {
      return new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(),
          f.defaultValue(), f.unique(), f.indexed(), f.id(), f.since(), f.deprecatedIn(),
          new MoveDef(entity, field, converter));
    }
  }
}
