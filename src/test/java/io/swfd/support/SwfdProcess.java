package io.swfd.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * swfd as a process of its own ({@code java <jvmOptions> -cp <classPath> io.swfd.server.Main serve
 * <args>}), for the tests that kill and restart it: started, then waited for until {@code GET
 * /health} answers 200.
 */
public final class SwfdProcess {
  private SwfdProcess() {}

  /**
   * Starts {@code serve} with {@code args}; its output is appended to {@code log}. The test JVM's
   * {@code SWFD_*} environment is not passed on (the arguments alone configure it).
   */
  public static Process start(
      String classPath, List<String> jvmOptions, List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", classPath, "io.swfd.server.Main", "serve"));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("SWFD_"));
    return pb.start();
  }

  /**
   * Waits until {@code GET http://127.0.0.1:port/health} answers 200 (true) or the process exits
   * first (false).
   *
   * @throws IllegalStateException with the log, after killing the process, when neither happens
   *     {@code within}
   */
  public static boolean awaitHealthy(Process p, int port, Path log, Duration within)
      throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
            .timeout(Duration.ofSeconds(1))
            .GET()
            .build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) return false;
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200)
          return true;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "swfd did not answer GET /health with 200 within "
            + within.toSeconds()
            + " s; log:\n"
            + Files.readString(log));
  }
}
