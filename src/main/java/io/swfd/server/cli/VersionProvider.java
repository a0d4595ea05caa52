package io.swfd.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code swfd --version}: the project version recorded by Maven in the jar, and the Java runtime.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
  private static final String POM_PROPERTIES = "/META-INF/maven/io.swfd/swfd/pom.properties";

  /** The version of this build, or "dev" when running from compiled classes rather than the jar. */
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "swfd " + version(),
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
          + ")"
    };
  }
}
