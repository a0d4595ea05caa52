package io.swfd.bench;

import io.swfd.server.ServerConfig;
import io.swfd.server.SwfdServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh in-process swfd for each scenario (SQLite, durable commits), in a fresh data directory
 * under {@code dataDir} (null: the temp directory).
 */
final class InProcessTarget implements Target {
  private final Path dataDir;
  private final Duration pollHold;

  InProcessTarget(Path dataDir, Duration pollHold) {
    this.dataDir = dataDir;
    this.pollHold = pollHold;
  }

  @Override
  public String name() {
    return "swfd";
  }

  @Override
  public String describe() {
    return "in-process swfd, SQLite with synchronous=FULL (durable commits), a fresh server and data directory per "
        + "scenario under "
        + (dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir")))
        + ", poll hold "
        + pollHold.toSeconds()
        + " s; threads/memory: "
        + ServerProbe.inProcess().describe();
  }

  @Override
  public Session open() throws Exception {
    Path dir =
        dataDir != null
            ? Files.createDirectories(dataDir).resolve("swfd-bench-" + System.nanoTime())
            : Files.createTempDirectory("swfd-bench-");
    Files.createDirectories(dir);
    System.gc();
    long t0 = System.nanoTime();
    SwfdServer server =
        new SwfdServer(
                ServerConfig.defaults()
                    .withPort(0)
                    .withDataDir(dir.resolve("data"))
                    .withPollTimeout(pollHold))
            .start();
    double startMs = (System.nanoTime() - t0) / 1e6;
    return new Session(
        server.endpoint(),
        ServerProbe.inProcess(),
        server,
        pollHold,
        false,
        startMs,
        () -> {
          server.close();
          deleteTree(dir);
        });
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
