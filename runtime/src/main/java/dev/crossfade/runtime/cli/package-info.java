/**
 * The {@code crossfade-migrator} command line ({@link dev.crossfade.runtime.cli.MigratorCommand}): its API is
 * the command and its options (README, "Migrator"), not these classes.
 */
package dev.crossfade.runtime.cli;
