package io.swfd.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fresh moto server process for each scenario ({@code --compare-moto}). */
final class MotoTarget implements Target {
  private final String command;

  /**
   * @param command how to start moto's server; {@code -p PORT} is appended
   */
  MotoTarget(String command) {
    this.command = command;
  }

  @Override
  public String name() {
    return "moto";
  }

  @Override
  public String describe() {
    return "moto "
        + version()
        + " (`"
        + command
        + " -p PORT`, a fresh process per scenario; "
        + "threads/memory from /proc/<pid>/status)";
  }

  @Override
  public Session open() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = words();
    cmd.add("-p");
    cmd.add(String.valueOf(port));
    Path log = Files.createTempFile("swfd-bench-moto-", ".log");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String url = "http://127.0.0.1:" + port;
    Closer stop =
        () -> {
          p.destroy();
          try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
          }
          Files.deleteIfExists(log);
        };
    try (SwfHttpClient c = new SwfHttpClient(url, true)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          c.call("ListDomains", SwfHttpClient.obj().put("registrationStatus", "REGISTERED"));
          break;
        } catch (SwfHttpClient.SwfCallException e) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            String tail = tail(log);
            stop.close();
            throw new IOException("moto did not come up (" + e.getMessage() + "): " + tail, e);
          }
          Thread.sleep(50);
        }
      }
    }
    double startMs = (System.nanoTime() - t0) / 1e6;
    return new Session(
        url, ServerProbe.process(p.pid()), null, Duration.ofSeconds(1), true, startMs, stop);
  }

  private List<String> words() {
    return new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
  }

  /** moto's version, asked of the Python that runs it ({@code python3 -m moto.server}). */
  private String version() {
    try {
      List<String> cmd = words();
      int m = cmd.indexOf("-m");
      if (m < 0) return "(version unknown)";
      List<String> v = new ArrayList<>(cmd.subList(0, m));
      v.addAll(List.of("-c", "import moto; print(moto.__version__)"));
      Process p = new ProcessBuilder(v).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return p.exitValue() == 0 ? s : "(version unknown)";
    } catch (Exception e) {
      return "(version unknown)";
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
