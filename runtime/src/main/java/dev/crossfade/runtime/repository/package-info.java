/**
 * The repositories: what an application's code calls, and the base its generated repositories extend.
 *
 * <p>For applications: {@link dev.crossfade.runtime.repository.CrossfadeRepository} (each generated repository
 * interface extends it), {@link dev.crossfade.runtime.repository.Page},
 * {@link dev.crossfade.runtime.repository.PageRequest}, {@link dev.crossfade.runtime.repository.Property} (the
 * generated typed constants for {@code supports(...)}), and the exceptions
 * {@link dev.crossfade.runtime.repository.FieldNotSupportedException},
 * {@link dev.crossfade.runtime.repository.ShardRefusedException} and
 * {@link dev.crossfade.runtime.repository.RepositoryException}.
 *
 * <p><b>For generated code only</b>, public because the processor's output lives in the application's packages:
 * {@link dev.crossfade.runtime.repository.AbstractCrossfadeRepository},
 * {@link dev.crossfade.runtime.repository.EntityMapping} and {@link dev.crossfade.runtime.repository.Values};
 * and {@link dev.crossfade.runtime.repository.JdbcValues}, the one JDBC binding the repositories and the
 * migrator's backfill share. Applications must not use them: they change with the generated code.
 */
package dev.crossfade.runtime.repository;
