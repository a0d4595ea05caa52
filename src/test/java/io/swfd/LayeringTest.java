package io.swfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of design.md ("Where the architecture goes next"): the run model depends
 * on nothing of swfd's; the stores on the run model, never on the engine or the API edge; the
 * engine and matching never on the API edge (faults are mapped there). Checked on the sources:
 * every reference to an {@code io.swfd.<package>} outside comments (imports and qualified names
 * alike). Run alone with {@code ./mvnw -B test -Dtest=LayeringTest}; it runs in every {@code ./mvnw
 * verify}.
 */
class LayeringTest {
  private static final Path MAIN = Path.of("src/main/java/io/swfd");

  /** A package (and its sub-packages) and the top-level swfd packages it must not refer to. */
  private static final Map<String, Set<String>> FORBIDDEN =
      Map.of(
          "run",
          Set.of(
              "api",
              "auth",
              "bench",
              "console",
              "engine",
              "http",
              "lambda",
              "matching",
              "metrics",
              "server",
              "store",
              "timers"),
          "store",
          Set.of("api", "auth", "bench", "console", "engine", "http", "lambda", "server", "timers"),
          "engine",
          Set.of("api", "auth", "bench", "console", "http", "server"),
          "matching",
          Set.of("api", "auth", "bench", "console", "engine", "http", "server"),
          "cluster",
          Set.of("api", "auth", "bench", "console", "http", "lambda", "server"));

  private static final Pattern REFERENCE = Pattern.compile("\\bio\\.swfd\\.([a-z][a-z0-9]*)\\b");
  private static final Pattern COMMENTS =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

  @Test
  void packagesReferOnlyDownwards() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Set<String>> rule : FORBIDDEN.entrySet()) {
      Path root = MAIN.resolve(rule.getKey());
      assertThat(root).isDirectory();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String code = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
          Set<String> bad = new TreeSet<>();
          Matcher m = REFERENCE.matcher(code);
          while (m.find()) if (rule.getValue().contains(m.group(1))) bad.add(m.group(1));
          if (!bad.isEmpty()) violations.add(MAIN.relativize(f) + " refers to " + bad);
        }
      }
    }
    assertThat(violations).as("references against the dependency direction").isEmpty();
  }
}
