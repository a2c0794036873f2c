package dev.crossfade.schema;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A release number such as {@code 2.0} or {@code 2.10.1}. Compares numerically part by part, so
 * {@code 2.10 > 2.9}; missing trailing parts count as zero ({@code 2 == 2.0}).
 */
public record Version(int[] parts) implements Comparable<Version> {
  private static final Pattern FORMAT = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.(0|[1-9][0-9]{0,8})){0,3}");

  public Version {
    parts = parts.clone();
  }

  /** A copy: versions are keys of sorted sets and maps and must not change. */
  @Override
  public int[] parts() {
    return parts.clone();
  }

  /** Parses {@code "2.0"}; empty when the text is not one to four dot-separated whole numbers. */
  public static Optional<Version> tryParse(String text) {
    if (text == null || !FORMAT.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Version(Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray()));
  }

  /** Parses {@code "2.0"} or throws {@link IllegalArgumentException} naming the expected form. */
  public static Version parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException(
            "'" + text + "' is not a release number; write one to four dot-separated whole numbers, like \"2.0\""));
  }

  @Override
  public int compareTo(Version other) {
    int n = Math.max(parts.length, other.parts.length);
    for (int i = 0; i < n; i++) {
      int a = i < parts.length ? parts[i] : 0;
      int b = i < other.parts.length ? other.parts[i] : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    return 0;
  }

  public boolean isBefore(Version other) {
    return compareTo(other) < 0;
  }

  public boolean isAfter(Version other) {
    return compareTo(other) > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    int end = parts.length;
    while (end > 0 && parts[end - 1] == 0) {
      end--;
    }
    return Arrays.hashCode(Arrays.copyOf(parts, end));
  }

  @Override
  public String toString() {
    return Arrays.stream(parts).mapToObj(Integer::toString).collect(Collectors.joining("."));
  }
}
