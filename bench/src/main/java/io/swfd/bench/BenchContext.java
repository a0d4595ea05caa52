package io.swfd.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import io.swfd.server.SwfdServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a scenario runs with: the target's client and probe, the settings, earlier results. */
final class BenchContext {
  final String target;
  final SwfHttpClient client;
  final ServerProbe probe;
  final Settings settings;

  /** The in-process server, or null for an external one. */
  final SwfdServer server;

  /** The server's long-poll hold when known, else null. */
  final Duration pollHold;

  /** Earlier results against the same target, by scenario. */
  final Map<String, ScenarioResult> earlier;

  final PrintStream progress;
  private final String tag;

  BenchContext(
      String target,
      SwfHttpClient client,
      ServerProbe probe,
      Settings settings,
      SwfdServer server,
      Duration pollHold,
      Map<String, ScenarioResult> earlier,
      PrintStream progress,
      String tag) {
    this.target = target;
    this.client = client;
    this.probe = probe;
    this.settings = settings;
    this.server = server;
    this.pollHold = pollHold;
    this.earlier = earlier;
    this.progress = progress;
    this.tag = tag;
  }

  /** A name unique to this benchmark run (domains are never reused between runs). */
  String name(String base) {
    return "bench-" + base + "-" + tag;
  }

  @FormatMethod
  void log(@FormatString String format, Object... args) {
    progress.printf("  [%s] %s%n", target, String.format(format, args));
    progress.flush();
  }

  private ServerProbe.Cpu cpu0;
  private Map<String, Long> threads0;
  private long cpuAt;

  /** Marks the start of the measured phase (for the CPU split). */
  void measureStart() {
    cpu0 = probe.cpuSince();
    threads0 = probe.serverThreadCpu();
    cpuAt = System.nanoTime();
  }

  /**
   * Adds how the machine's CPU was shared during the measured phase, in % of all cores: the server,
   * the load generator, everything else on the machine, and idle.
   */
  void measureEnd(ScenarioResult r) {
    if (cpu0 == null) return;
    ServerProbe.Cpu c = probe.cpuSince();
    double wall = (System.nanoTime() - cpuAt) * (double) Runtime.getRuntime().availableProcessors();
    if (wall <= 0) return;
    Double server;
    Double client;
    if (probe.inProcessServer()) {
      // c.client() is already the load generator's time since measureStart; c.server() is the
      // process's total
      client = c.client() >= 0 ? pct(c.client(), wall) : null;
      server =
          c.server() >= 0 && cpu0.server() >= 0 && client != null
              ? pct(Math.max(0, c.server() - cpu0.server() - c.client()), wall)
              : null;
    } else {
      server = c.server() >= 0 && cpu0.server() >= 0 ? pct(c.server() - cpu0.server(), wall) : null;
      client = c.client() >= 0 && cpu0.client() >= 0 ? pct(c.client() - cpu0.client(), wall) : null;
    }
    long elapsed = System.nanoTime() - cpuAt;
    Map<String, Long> threads = probe.serverThreadCpu();
    if (!threads.isEmpty()) {
      // the busiest server threads, in % of one core (threads that ended meanwhile are missing)
      Map<String, Object> busiest = new LinkedHashMap<>();
      threads.entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .limit(6)
          .forEach(
              e -> busiest.put(e.getKey(), ScenarioResult.round(e.getValue() * 100.0 / elapsed)));
      r.extra.put("serverThreadsCpuPctOfOneCore", busiest);
    }
    r.extra.put("cpuServerPct", server);
    r.extra.put("cpuLoadGeneratorPct", client);
    if (c.machineTotal() > cpu0.machineTotal() && cpu0.machineTotal() >= 0) {
      double total = c.machineTotal() - cpu0.machineTotal();
      double busy = c.machineBusy() - cpu0.machineBusy();
      double busyPct = busy / total * 100;
      if (server != null && client != null) {
        r.extra.put(
            "cpuOtherProcessesPct", ScenarioResult.round(Math.max(0, busyPct - server - client)));
      }
      r.extra.put("cpuIdlePct", ScenarioResult.round(100 - busyPct));
    }
  }

  private static double pct(long nanos, double wall) {
    return ScenarioResult.round(nanos / wall * 100);
  }

  /** Copies the probe's peaks into the result. */
  void peaks(ScenarioResult r) {
    measureEnd(r);
    probe.sample();
    r.peakThreads = probe.peakThreads();
    r.peakHeapBytes = probe.peakHeapBytes();
    r.peakRssBytes = probe.peakRssBytes();
  }
}
