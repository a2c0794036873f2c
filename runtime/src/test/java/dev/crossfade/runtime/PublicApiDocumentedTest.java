package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is documented (issue 13 item 6; docs/architecture.md, "Public API"): every public type, and every
 * public method and constructor of a public type, in the packages users import has a Javadoc comment. Those
 * packages are {@code dev.crossfade} (annotations), {@code dev.crossfade.runtime} and
 * {@code dev.crossfade.runtime.repository}; each has a {@code package-info.java} that says what it is. An
 * {@code @Override} inherits its documentation. A source scan rather than javadoc's doclint, so that it costs
 * milliseconds in the everyday build instead of a javadoc run per module.
 */
class PublicApiDocumentedTest {
  static final List<Path> API = List.of(
      Path.of("..", "annotations", "src", "main", "java", "dev", "crossfade"),
      Path.of("src", "main", "java", "dev", "crossfade", "runtime"),
      Path.of("src", "main", "java", "dev", "crossfade", "runtime", "repository"));

  private static final Pattern TYPE = Pattern.compile(
      "^(?:public |protected |private |static |final |abstract |sealed |non-sealed )*(class|interface|record|enum|@interface) (\\w+).*");
  private static final Pattern MEMBER = Pattern.compile(
      "^(?:public |protected |private |static |final |abstract |default |synchronized |native )*(?:<[^>]+> )?"
          + "[\\w.<>\\[\\], ?]+ (\\w+)\\(.*|^(?:public |protected |private )?(\\w+)\\(.*");

  @Test
  void everyPublicTypeAndMethodOfTheApiPackagesHasJavadoc() throws IOException {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path dir : API) {
      if (!Files.isRegularFile(dir.resolve("package-info.java"))) { missing.add(dir + ": package-info.java"); }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          checked += scan(f, missing);
        }
      }
    }
    assertEquals(List.of(), missing, "public API without Javadoc (add a /** … */ comment)");
    assertTrue(checked > 150, "checked " + checked + " declarations");
  }

  @Test
  void theScanFindsAnUndocumentedMethodAndAcceptsADocumentedOne() throws IOException {
    Path f = Files.createTempFile("Api", ".java");
    try {
      Files.writeString(f, """
          package x;

          /** Documented. */
          public final class Api {
            /** Documented. */
            public void documented() {}

            public int bare(String s) {
              return 1;
            }

            @Override
            public String toString() {
              return "";
            }

            /** Documented. */
            public interface Nested {
              void implicitlyPublic();
            }

            static final class Hidden {
              public void notApi() {}
            }
          }
          """, StandardCharsets.UTF_8);
      List<String> missing = new ArrayList<>();
      scan(f, missing);
      assertEquals(2, missing.size(), missing.toString());
      assertTrue(missing.get(0).endsWith("bare"), missing.toString());
      assertTrue(missing.get(1).endsWith("implicitlyPublic"), missing.toString());
    } finally {
      Files.delete(f);
    }
  }

  /** One file's public declarations without Javadoc, added to {@code missing}; returns how many it checked. */
  static int scan(Path file, List<String> missing) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    // Per open brace: whether it opens the body of a public type (members there may be API), and its kind.
    Deque<String> bodies = new ArrayDeque<>();
    String pendingType = null;
    boolean inComment = false;
    boolean inTextBlock = false;
    int checked = 0;
    int parens = 0;
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      String line = raw.strip();
      if (inTextBlock) {
        if (line.contains("\"\"\"")) {
          inTextBlock = false;
        }
        continue;
      }
      if (inComment) {
        if (line.contains("*/")) {
          inComment = false;
        }
        continue;
      }
      if (line.startsWith("/*")) {
        inComment = !line.contains("*/");
        continue;
      }
      if (line.startsWith("//") || line.startsWith("@") && !line.startsWith("@interface") || line.isEmpty()) {
        continue;
      }
      String code = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(?:\\\\.|[^'\\\\])'", "''")
          .replaceAll("//.*$", "");
      if (code.contains("\"\"\"")) {
        inTextBlock = true;
      }
      String enclosing = bodies.peek();
      boolean atMemberLevel = parens == 0 && (bodies.isEmpty() || !enclosing.equals("code"));
      if (atMemberLevel) {
        var type = TYPE.matcher(code);
        boolean publicHere = enclosing == null ? code.startsWith("public ")
            : !enclosing.equals("hidden")
                && (code.startsWith("public ") || enclosing.equals("interface") || enclosing.equals("@interface"));
        if (type.matches()) {
          pendingType = publicHere ? type.group(1) : "hidden";
          if (publicHere) {
            checked++;
            if (!documented(lines, i)) {
              missing.add(file.getFileName() + ": type " + type.group(2));
            }
          }
        } else if (enclosing != null && !enclosing.equals("hidden") && !enclosing.equals("enum-constants")) {
          var member = MEMBER.matcher(code);
          boolean api = code.startsWith("public ")
              || (enclosing.equals("interface") || enclosing.equals("@interface")) && !code.startsWith("private ");
          if (member.matches() && api && !code.startsWith("return ") && !code.startsWith("new ")
              && !code.contains(" = ") && !code.startsWith("throw ")) {
            String name = member.group(1) != null ? member.group(1) : member.group(2);
            checked++;
            if (!overrides(lines, i) && !documented(lines, i)) {
              missing.add(file.getFileName() + ": " + name);
            }
          }
        }
      }
      for (char ch : code.toCharArray()) {
        if (ch == '(') {
          parens++;
        } else if (ch == ')') {
          parens--;
        } else if (ch == '{') {
          if (pendingType != null) {
            bodies.push(pendingType.equals("enum") ? "enum-constants" : pendingType);
            pendingType = null;
          } else {
            // A method, lambda or initializer body: nothing inside it is a member.
            bodies.push("code");
          }
        } else if (ch == '}') {
          bodies.poll();
        } else if (ch == ';' && "enum-constants".equals(bodies.peek())) {
          bodies.pop();
          bodies.push("enum");
        }
      }
    }
    return checked;
  }

  /** Whether the declaration at line {@code at} is preceded, above its annotations, by a Javadoc comment. */
  private static boolean documented(List<String> lines, int at) {
    int i = at - 1;
    while (i >= 0 && lines.get(i).strip().startsWith("@")) {
      i--;
    }
    if (i < 0 || !lines.get(i).strip().endsWith("*/")) {
      return false;
    }
    while (i >= 0 && !lines.get(i).contains("/*")) {
      i--;
    }
    return i >= 0 && lines.get(i).contains("/**");
  }

  private static boolean overrides(List<String> lines, int at) {
    for (int i = at - 1; i >= 0 && lines.get(i).strip().startsWith("@"); i--) {
      if (lines.get(i).strip().startsWith("@Override")) {
        return true;
      }
    }
    return false;
  }
}
