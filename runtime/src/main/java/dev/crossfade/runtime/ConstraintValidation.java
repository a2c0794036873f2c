package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.ValidationSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrate step's validation of the foreign keys and CHECK constraints that expand added without checking the
 * rows already there (docs/constraints.md). For each, the reviewed query looks for the first violating row in key
 * order; one is a refusal that names the shard, the release, the constraint, the row's key and the remedy, and
 * nothing more is done (the shard stays MIGRATING, the constraint stays as expand left it: enforced for new
 * writes, not yet validated). Only when no row violates it does PostgreSQL's {@code VALIDATE CONSTRAINT} run,
 * which cannot then fail on data and takes no lock that blocks reads or writes.
 */
final class ConstraintValidation {
  private static final Logger LOG = LoggerFactory.getLogger(ConstraintValidation.class);

  private final Shard shard;
  private final Version release;
  private final DdlRunner ddl;

  ConstraintValidation(Shard shard, Version release, DdlRunner ddl) {
    this.shard = shard;
    this.release = release;
    this.ddl = ddl;
  }

  void run(Connection c, List<ValidationSql> validations) throws SQLException {
    // Every query first: a refusal leaves no constraint of the release validated and others not.
    for (ValidationSql v : validations) {
      String example = firstViolation(c, v);
      if (example != null) {
        throw new MigrationRefusedException(shard.name(), release, "constraint " + v.step().name() + " on "
            + v.step().entity().table() + " is violated by rows already there, for example " + example
            + "; nothing was validated and the shard stays MIGRATING",
            "fix or delete those rows (the query is step \"" + v.step().reason() + "\" of backfill.sql), then run"
                + " `migrate --release " + release + "` again");
      }
    }
    for (ValidationSql v : validations) {
      if (v.validate() != null) {
        ddl.run(c, v.validate(), true);
      }
      LOG.info("shard {}: release {}: {} holds for every row", shard.name(), release, v.step().name());
    }
  }

  /** The first violating row in words ("the row with key 2 (customer_id = 9 has no customer row)"), or null. */
  private static String firstViolation(Connection c, ValidationSql v) throws SQLException {
    try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery(v.violation())) {
      if (!rs.next()) {
        return null;
      }
      String key = v.step().entity().id().column() + " = " + rs.getString(1);
      if (v.step().key() != null) {
        return "the row with " + key + " (" + v.step().key().column() + " = " + rs.getString(2) + " has no "
            + v.step().key().targetTable() + " row)";
      }
      return "the row with " + key + " (it fails " + v.step().check().expression() + ")";
    }
  }
}
