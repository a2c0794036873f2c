package dev.crossfade.schema.sql;

import dev.crossfade.schema.plan.Change.Validate;

/**
 * The migrate step's check of one constraint that expand added without checking the rows already there.
 *
 * @param step the plan's validation (which constraint, on which table)
 * @param violation a query for the first row that violates it, in key order: its key, then (for a foreign key)
 *     the value that has no referenced row; no row means the constraint holds
 * @param validate the statement that records it as validated ({@code VALIDATE CONSTRAINT} on PostgreSQL), or null
 *     where the dialect has nothing to record (MariaDB, MySQL and H2 enforce it for new writes already)
 */
public record ValidationSql(Validate step, String violation, Statement validate) {}
