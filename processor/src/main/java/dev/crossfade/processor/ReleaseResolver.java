package dev.crossfade.processor;

import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.processor.check.SnapshotDiff;
import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Works out the code's release and the schema's baseline. The release comes from {@code @Release} on
 * the entity's package (or the nearest enclosing package that has one), else {@code -Acrossfade.release}.
 * The baseline comes from {@code @Release(baseline = …)}, else {@code -Acrossfade.baseline}, else the
 * baseline the earliest release snapshot records, else the lowest release any annotation names.
 */
final class ReleaseResolver {

  private final ProcessingEnvironment env;
  private final Diagnostics diagnostics;
  private final List<Found> found = new ArrayList<>();

  /** Where a package's {@code @Release} was found, to point errors at its values. */
  private record Found(TypeElement entity, Version release, Version baseline, Element at, AnnotationMirror mirror,
      AnnotationValue baselineValue) {}

  /** The {@code crossfade.release} option, parsed once (a bad one is one error, not one per entity). */
  private Optional<Version> optionRelease;

  /**
   * The release window of this compilation, and where the release is declared ({@code site} is null when
   * it comes from the option), for errors whose culprit is no longer in the code.
   */
  record Resolved(Version release, Version baseline, SnapshotDiff.ReleaseSite site,
      SnapshotDiff.ReleaseSite baselineSite) {}

  ReleaseResolver(ProcessingEnvironment env, Diagnostics diagnostics) {
    this.env = env;
    this.diagnostics = diagnostics;
  }

  void visit(TypeElement entity) {
    PackageElement pkg = env.getElementUtils().getPackageOf(entity);
    Optional<AnnotationMirror> mirror = Optional.empty();
    Element at = pkg;
    for (String name = pkg.getQualifiedName().toString(); mirror.isEmpty() && !name.isEmpty();
        name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "") {
      PackageElement p = env.getElementUtils().getPackageElement(name);
      if (p != null) {
        mirror = Annotations.find(p, Annotations.RELEASE);
        at = p;
      }
    }
    Version release;
    Version baseline = null;
    AnnotationValue baselineValue = null;
    if (mirror.isPresent()) {
      release = version(at, mirror.get(), "value");
      baseline = version(at, mirror.get(), "baseline");
      baselineValue = Annotations.explicit(mirror.get(), "baseline").orElse(null);
    } else {
      String option = env.getOptions().get(CrossfadeProcessor.OPTION_RELEASE);
      if (option == null) {
        diagnostics.error(entity, Message.RELEASE_MISSING, entity.getSimpleName(), pkg.getQualifiedName());
        return;
      }
      if (optionRelease == null) {
        optionRelease = Optional.ofNullable(optionVersion(option, CrossfadeProcessor.OPTION_RELEASE));
      }
      release = optionRelease.orElse(null);
    }
    if (release != null) {
      found.add(new Found(entity, release, baseline, at, mirror.orElse(null), baselineValue));
    }
  }

  /**
   * The window. {@code snapshotBaseline} is the baseline recorded by the earliest snapshot, or null; it
   * comes after {@code @Release(baseline)} and the option, before the lowest release named.
   */
  Resolved resolve(List<ReadEntity> entities, Version snapshotBaseline) {
    if (found.isEmpty()) {
      return null;
    }
    Found first = found.get(0);
    Version baseline = null;
    Found baselineFrom = null;
    for (Found f : found) {
      if (!f.release().equals(first.release())) {
        diagnostics.error(f.entity(), Message.RELEASE_CONFLICT, f.entity().getSimpleName(), f.release(),
            first.entity().getSimpleName(), first.release());
        return null;
      }
      if (f.baseline() != null && (baseline == null || f.baseline().isBefore(baseline))) {
        baseline = f.baseline();
        baselineFrom = f;
      }
    }
    Version release = first.release();
    if (baseline == null) {
      String option = env.getOptions().get(CrossfadeProcessor.OPTION_BASELINE);
      if (option != null) {
        baseline = optionVersion(option, CrossfadeProcessor.OPTION_BASELINE);
        if (baseline == null) {
          return null;
        }
      }
    }
    if (baseline == null && snapshotBaseline != null && !snapshotBaseline.isAfter(release)) {
      baseline = snapshotBaseline;
    }
    if (baseline == null) {
      baseline = release;
      for (ReadEntity e : entities) {
        baseline = lowest(baseline, e.def().since(), e.def().deprecatedIn());
        for (FieldDef f : e.def().fields()) {
          baseline = lowest(baseline, f.since(), f.deprecatedIn());
        }
      }
    }
    if (baseline.isAfter(release)) {
      if (baselineFrom != null) {
        diagnostics.error(baselineFrom.at(), baselineFrom.mirror(), baselineFrom.baselineValue(),
            Message.BASELINE_AFTER_RELEASE, baseline, release, release);
      } else {
        diagnostics.error(Message.BASELINE_AFTER_RELEASE, baseline, release, release);
      }
      return null;
    }
    SnapshotDiff.ReleaseSite site = first.mirror() == null ? null : new SnapshotDiff.ReleaseSite(first.at(),
        first.mirror(), Annotations.explicit(first.mirror(), "value").orElse(null));
    SnapshotDiff.ReleaseSite baselineSite = baselineFrom == null || baselineFrom.mirror() == null ? null
        : new SnapshotDiff.ReleaseSite(baselineFrom.at(), baselineFrom.mirror(), baselineFrom.baselineValue());
    return new Resolved(release, baseline, site, baselineSite);
  }

  /**
   * Squashing history (moving the baseline past the one the earliest snapshot records) is safe only up to a
   * release whose contract has run on every shard this code meets: code R serves shards at L, the last release
   * shipped before it, in any phase, so the baseline must stay below L. The snapshots of releases before the
   * new baseline describe nothing this code builds any more and must go. Both errors point at the baseline.
   */
  void checkSquash(Resolved resolved, java.util.SortedMap<Version, dev.crossfade.schema.Snapshot> snapshots,
      String folder) {
    java.util.SortedMap<Version, dev.crossfade.schema.Snapshot> earlier = snapshots.headMap(resolved.release());
    if (earlier.isEmpty()) {
      return;
    }
    Version original = earlier.get(earlier.firstKey()).baseline();
    Version baseline = resolved.baseline();
    if (original == null || !baseline.isAfter(original)) {
      return;
    }
    Version last = earlier.lastKey();
    if (!baseline.isBefore(last)) {
      Version highest = earlier.headMap(last).keySet().stream().filter(v -> v.isAfter(original))
          .reduce((a, b) -> b).orElse(null);
      String fix = highest == null
          ? "keep @Release(value = \"" + resolved.release() + "\", baseline = \"" + original + "\") until a later release"
          : "at most @Release(value = \"" + resolved.release() + "\", baseline = \"" + highest + "\")";
      atBaseline(resolved, Message.BASELINE_SQUASH_TOO_FAR, baseline, last, resolved.release(), resolved.release(),
          fix);
      return;
    }
    java.util.List<String> stale = earlier.headMap(baseline).keySet().stream().map(v -> v + ".json").toList();
    if (!stale.isEmpty()) {
      String files = String.join(", ", stale);
      atBaseline(resolved, Message.BASELINE_SQUASH_STALE_SNAPSHOTS, baseline, files, baseline, files, folder);
    }
  }

  private void atBaseline(Resolved resolved, Message message, Object... args) {
    SnapshotDiff.ReleaseSite at = resolved.baselineSite();
    if (at == null) {
      diagnostics.error(message, args);
    } else {
      diagnostics.error(at.element(), at.annotation(), at.value(), message, args);
    }
  }

  private static Version lowest(Version current, Version... candidates) {
    Version low = current;
    for (Version v : candidates) {
      if (v != null && v.isBefore(low)) {
        low = v;
      }
    }
    return low;
  }

  private Version optionVersion(String text, String option) {
    Optional<Version> v = Version.tryParse(text.trim());
    if (v.isEmpty()) {
      diagnostics.error(Message.OPTION_MALFORMED, option, text, option);
      return null;
    }
    return v.get();
  }


  private Version version(Element at, AnnotationMirror mirror, String attribute) {
    Optional<AnnotationValue> value = Annotations.explicit(mirror, attribute);
    String text = value.map(v -> (String) v.getValue()).orElse("");
    if (text.isEmpty()) {
      return null;
    }
    Optional<Version> v = Version.tryParse(text);
    if (v.isEmpty()) {
      diagnostics.error(at, mirror, value.get(), Message.VERSION_MALFORMED, text, "Release");
      return null;
    }
    return v.get();
  }

}
