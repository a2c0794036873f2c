package dev.crossfade.schema.sql;

import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * One release's SQL for one dialect, in execution order; {@code validate} runs in the migrate step after the
 * backfill.
 *
 * @param fragments the reviewed SQL fragments of the release and dialect (the escape hatch), in file order, the
 *     {@code -- crossfade:none} ones included; {@link #expand}, {@link #contract} and {@link #afterBackfill} already
 *     hold their statements
 */
public record ReleaseScripts(
    Dialect dialect, Version release, List<Statement> expand, List<BackfillSql> backfill, List<Statement> contract,
    List<ValidationSql> validate, List<SqlFragment> fragments) {
  public ReleaseScripts {
    expand = List.copyOf(expand);
    backfill = List.copyOf(backfill);
    contract = List.copyOf(contract);
    validate = validate == null ? List.of() : List.copyOf(validate);
    fragments = fragments == null ? List.of() : List.copyOf(fragments);
  }

  /** The scripts without validations or reviewed fragments. */
  public ReleaseScripts(Dialect dialect, Version release, List<Statement> expand, List<BackfillSql> backfill,
      List<Statement> contract) {
    this(dialect, release, expand, backfill, contract, List.of(), List.of());
  }

  /**
   * These scripts with the release's reviewed fragments placed: expand fragments after the generated statements
   * (they may use what expand creates), contract fragments before the generated drops (they may still use what
   * contract drops), backfill fragments after the backfill ({@link #afterBackfill}). Each step's fragments keep
   * their file order.
   */
  public ReleaseScripts withFragments(List<SqlFragment> all) {
    List<Statement> e = new ArrayList<>(expand);
    List<Statement> c = new ArrayList<>();
    List<Statement> rest = new ArrayList<>(contract);
    if (!rest.isEmpty() && rest.get(0).reason().startsWith("wait at most")) {
      c.add(rest.remove(0)); // the lock timeout stays first
    }
    for (SqlFragment f : all) {
      if (f.none()) {
        continue;
      }
      if (f.step() == SqlFragment.Step.EXPAND) {
        e.add(f.statement());
      } else if (f.step() == SqlFragment.Step.CONTRACT) {
        c.add(f.statement());
      }
    }
    c.addAll(rest);
    return new ReleaseScripts(dialect, release, e, backfill, c, validate, all);
  }

  /** The statements of the backfill step's fragments, run once the backfill is verified. */
  public List<Statement> afterBackfill() {
    return fragments.stream().filter(f -> !f.none() && f.step() == SqlFragment.Step.BACKFILL)
        .map(SqlFragment::statement).toList();
  }
}
