/**
 * Crossfade's runtime API: what an application and an operator's tooling import.
 *
 * <ul>
 *   <li>running servers: {@link dev.crossfade.runtime.Crossfade} (one per server, with its
 *       {@link dev.crossfade.runtime.Shards}), each shard a {@link dev.crossfade.runtime.Shard};
 *       {@link dev.crossfade.runtime.TransactionBinding} joins the repositories to a caller's transactions;
 *   <li>migrating shards: {@link dev.crossfade.runtime.Migrator} with {@link dev.crossfade.runtime.MigratorOptions}
 *       over the application's {@link dev.crossfade.runtime.GeneratedPlan}; its answers are
 *       {@link dev.crossfade.runtime.ShardStatus} and {@link dev.crossfade.runtime.BackfillProgress}
 *       (for a {@link dev.crossfade.runtime.BackfillListener});
 *   <li>refusals and failures: {@link dev.crossfade.runtime.MigrationRefusedException},
 *       {@link dev.crossfade.runtime.ShardUnavailableException},
 *       {@link dev.crossfade.runtime.ServerIdConflictException}.
 * </ul>
 *
 * <p>Three public types here are not for applications: {@link dev.crossfade.runtime.CrossfadeRegistry} is the
 * service the processor generates once per compilation, and {@link dev.crossfade.runtime.PhaseCache} and
 * {@link dev.crossfade.runtime.ShardState} are what the repositories (package {@code repository}) read the
 * shard's phases through. They are public only because generated code and the repositories are in other
 * packages; they may change in any release. Everything else the runtime needs is package-private here or in
 * {@code dev.crossfade.runtime.internal}. See docs/architecture.md, "Public API".
 */
package dev.crossfade.runtime;
