package io.swfd.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests that start swfd as a separate process: the test JVM's class path, with its class
 * directories copied aside first so that another build rewriting target/ meanwhile cannot break a
 * restart. (Surefire may pass a manifest-only booter jar: then its Class-Path entries are used.)
 */
public final class TestClassPath {
  private TestClassPath() {}

  /** The test JVM's class path with its directories copied under {@code copies}. */
  public static String snapshot(Path copies) throws IOException {
    List<String> entries =
        new ArrayList<>(
            List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
    if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entries.get(0))) {
        String cp =
            jar.getManifest() == null
                ? null
                : jar.getManifest().getMainAttributes().getValue("Class-Path");
        if (cp != null) {
          entries.clear();
          for (String url : cp.trim().split("\\s+"))
            entries.add(Path.of(URI.create(url)).toString());
        }
      }
    }
    List<String> result = new ArrayList<>();
    for (String entry : entries) {
      Path source = Path.of(entry);
      if (!Files.isDirectory(source)) {
        result.add(entry);
        continue;
      }
      Path target = copies.resolve(String.valueOf(result.size()));
      try (var files = Files.walk(source)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(source.relativize(f).toString());
          if (Files.isDirectory(f)) Files.createDirectories(to);
          else Files.copy(f, to);
        }
      }
      result.add(target.toString());
    }
    return String.join(java.io.File.pathSeparator, result);
  }
}
