package io.swfd.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.swfd.server.ServerConfig;
import io.swfd.server.SwfdServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swfd bench}: drives an SWF endpoint over real HTTP with many concurrent clients and
 * reports throughput, latency percentiles and the server's threads and memory, as tables and as
 * JSON. Without {@code --endpoint} it starts a fresh in-process swfd (SQLite, durable commits) for
 * each scenario; with {@code --compare-moto} it runs the same scenarios against moto's server and
 * prints swfd/moto ratios side by side.
 */
@Command(
    name = "bench",
    sortOptions = false,
    description = {
      "Benchmarks an SWF endpoint over HTTP: heartbeats, short workflows, dispatch latency, heartbeat-timeout "
          + "precision and parked long polls. Without --endpoint it starts an in-process swfd (SQLite, "
          + "durable commits, a fresh data directory per scenario).",
      "Tables go to standard output (to standard error with --json -); progress goes to standard error."
    },
    footer = {
      "",
      "Examples:",
      "  swfd bench --scenario all --compare-moto",
      "  swfd bench --quick",
      "  swfd bench --endpoint http://127.0.0.1:7777 --server-pid 1234 --scenario polls --json result.json"
    })
public final class BenchCommand implements Callable<Integer> {
  static final List<String> SCENARIOS =
      List.of("heartbeats", "workflows", "dispatch", "timeouts", "polls");

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "Target a running server (e.g. http://127.0.0.1:7777) instead of starting an in-process swfd.")
  String endpoint;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description =
          "With --endpoint: the server's process id, to read its threads and memory from /proc.")
  Long serverPid;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "all",
      description =
          "heartbeats, workflows, dispatch, timeouts, polls or all (comma-separated list; default: ${DEFAULT-VALUE}).")
  List<String> scenarios;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description =
          "Measured time of each scenario (default: workflows 60, timeouts 20, others 30; --quick: 3-4).")
  Integer duration;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "32",
      description =
          "Concurrent client loops (heartbeat loops; deciders and workers each) (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--tasks",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "heartbeats: started activity tasks to heartbeat round-robin (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      description = "workflows: most workflows open at once (default: 2 × clients).")
  Integer inFlight;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "0",
      description =
          "dispatch: workflows started per second (default: half the workflows result of this run, else 200).")
  double rate;

  @Option(
      names = "--timeout-rate",
      paramLabel = "PER_SECOND",
      defaultValue = "50",
      description =
          "timeouts: activities with a 1 s heartbeat timeout started per second (default: ${DEFAULT-VALUE}).")
  double timeoutRate;

  @Option(
      names = "--polls",
      paramLabel = "N",
      defaultValue = "10000",
      description = "polls: concurrent long polls (default: ${DEFAULT-VALUE}).")
  int polls;

  @Option(
      names = "--poll-lists",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "polls: task lists they spread over; swfd takes at most 1000 pollers per list (default: ${DEFAULT-VALUE}).")
  int pollLists;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description =
          "heartbeats, workflows, dispatch: load run before the measured phase and left out of its figures, "
              + "so that they show the server at work rather than its JIT compiler (default: workflows 30, others 10; --quick: 0).")
  Double warmup;

  @Option(
      names = "--window",
      paramLabel = "SECONDS",
      description = "Length of the throughput windows (default: 10; --quick: 1).")
  Double window;

  @Option(
      names = "--poll-hold",
      paramLabel = "SECONDS",
      description =
          "In-process swfd: how long an empty long poll is held (default: 20; --quick: 2).")
  Integer pollHold;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "In-process swfd: where the per-scenario data directories are made (default: the temp directory).")
  Path dataDir;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the results as JSON to FILE ('-' = standard output).")
  String json;

  @Option(
      names = "--compare-moto",
      description =
          "Also run every scenario against moto's server (a fresh one per scenario) and print swfd/moto ratios.")
  boolean compareMoto;

  @Option(
      names = "--moto-command",
      paramLabel = "CMD",
      defaultValue = "python3 -m moto.server",
      description =
          "How to start moto's server; '-p PORT' is appended (default: ${DEFAULT-VALUE}).")
  String motoCommand;

  @Option(
      names = "--http-client",
      paramLabel = "jdk|raw",
      defaultValue = "jdk",
      description =
          "HTTP client of the load generator: jdk (java.net.http.HttpClient) or raw (a minimal keep-alive "
              + "HTTP/1.1 client over blocking sockets, several times cheaper per request; the polls scenario always "
              + "uses jdk) (default: ${DEFAULT-VALUE}).")
  String httpClient;

  @Option(
      names = "--quick",
      description = "A few seconds per scenario and small counts: a smoke test, not a measurement.")
  boolean quick;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  PrintStream out = System.out;
  PrintStream err = System.err;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  private interface Target {
    String name();

    String describe();

    Session open() throws Exception;
  }

  private record Session(
      String endpoint,
      ServerProbe probe,
      SwfdServer server,
      Duration pollHold,
      boolean scopeAuth,
      Double startMs,
      AutoCloseable closer)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      probe.close();
      if (closer != null) closer.close();
    }
  }

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>();
    for (String s : scenarios) {
      String n = s.trim().toLowerCase(Locale.ROOT);
      if (n.equals("all")) names.addAll(SCENARIOS);
      else if (SCENARIOS.contains(n)) names.add(n);
      else
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "unknown scenario '"
                + s
                + "' (expected one of "
                + String.join(", ", SCENARIOS)
                + ", all)");
    }
    names = names.stream().distinct().sorted(Comparator.comparingInt(SCENARIOS::indexOf)).toList();
    Settings settings = settings();
    transport();
    PrintStream tables = "-".equals(json) ? err : out;
    String tag = Long.toString(System.currentTimeMillis(), 36);

    List<Target> targets = new ArrayList<>();
    targets.add(endpoint == null ? inProcess(settings) : external());
    if (compareMoto) targets.add(moto());

    Map<String, Object> machine = machine();
    machine.put("httpClient", httpClient);
    tables.println(
        "swfd bench — "
            + machine.get("cores")
            + " cores, "
            + machine.get("os")
            + ", Java "
            + machine.get("java")
            + ", ulimit -n "
            + machine.get("openFilesLimit")
            + ", load average "
            + machine.get("loadAverageAtStart")
            + ", load generator's HTTP client: "
            + httpClient);
    for (Target t : targets) tables.println("  " + t.name() + ": " + t.describe());
    tables.println();

    Map<String, Map<String, ScenarioResult>> byTarget = new LinkedHashMap<>();
    List<ScenarioResult> all = new ArrayList<>();
    boolean failed = false;
    for (String name : names) {
      Scenario scenario = scenario(name);
      List<ScenarioResult> row = new ArrayList<>();
      for (Target t : targets) {
        Map<String, ScenarioResult> earlier =
            byTarget.computeIfAbsent(t.name(), k -> new HashMap<>());
        ScenarioResult r = runOne(scenario, t, settings, earlier, tag);
        if (r.failure != null) failed = true;
        earlier.put(name, r);
        row.add(r);
        all.add(r);
      }
      printScenario(tables, name, row);
    }
    List<Map<String, Object>> ratios = ratios(all, targets);
    machine.put("loadAverageAtEnd", loadAverage());
    if (json != null) writeJson(machine, settings, targets, all, ratios);
    return failed ? 1 : 0;
  }

  private SwfHttpClient.Transport transport() {
    return switch (httpClient.toLowerCase(Locale.ROOT)) {
      case "jdk" -> SwfHttpClient.Transport.JDK;
      case "raw" -> SwfHttpClient.Transport.RAW;
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this), "--http-client must be jdk or raw");
    };
  }

  private Settings settings() {
    Settings s = new Settings();
    s.quick = quick;
    s.clients = Math.max(1, clients);
    s.durationSeconds = duration;
    s.tasks = quick ? Math.min(tasks, 50) : tasks;
    s.inFlight = inFlight;
    s.rate = rate;
    s.timeoutRate = timeoutRate;
    s.polls = polls;
    s.pollLists = pollLists;
    s.windowSeconds = window != null ? window : quick ? 1 : 10;
    s.warmupSeconds = warmup == null ? null : Math.max(0, warmup);
    return s;
  }

  private static Scenario scenario(String name) {
    return switch (name) {
      case "heartbeats" -> new HeartbeatsScenario();
      case "workflows" -> new WorkflowsScenario();
      case "dispatch" -> new DispatchScenario();
      case "timeouts" -> new TimeoutsScenario();
      case "polls" -> new PollsScenario();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private ScenarioResult runOne(
      Scenario scenario,
      Target target,
      Settings settings,
      Map<String, ScenarioResult> earlier,
      String tag) {
    err.printf("%s on %s ...%n", scenario.name(), target.name());
    try (Session session = target.open();
        SwfHttpClient client =
            new SwfHttpClient(
                session.endpoint(),
                session.scopeAuth(),
                scenario.name().equals("polls") ? SwfHttpClient.Transport.JDK : transport())) {
      BenchContext ctx =
          new BenchContext(
              target.name(),
              client,
              session.probe(),
              settings,
              session.server(),
              session.pollHold(),
              earlier,
              err,
              tag);
      String description = scenario.describe(ctx);
      err.printf("  [%s] %s%n", target.name(), description);
      ScenarioResult r;
      try {
        r = scenario.run(ctx);
      } catch (Exception | AssertionError e) {
        r = new ScenarioResult(scenario.name(), target.name());
        r.failure = String.valueOf(e);
        err.printf("  [%s] %s failed: %s%n", target.name(), scenario.name(), e);
      }
      r.description = description;
      perOperationCpu(r);
      if (session.startMs() != null)
        r.extra.put("serverStartMs", ScenarioResult.round(session.startMs()));
      return r;
    } catch (Exception e) {
      ScenarioResult r = new ScenarioResult(scenario.name(), target.name());
      r.failure = "could not start or reach the target: " + e;
      err.printf("  [%s] %s%n", target.name(), r.failure);
      return r;
    }
  }

  /**
   * CPU time per operation (µs), from the CPU shares of the measured phase: comparable on a busy
   * machine.
   */
  private static void perOperationCpu(ScenarioResult r) {
    // only where the operations are the whole load (timeouts has a background load; polls are idle)
    if (!List.of("heartbeats", "workflows", "dispatch").contains(r.scenario)) return;
    if (r.operations <= 0 || r.seconds <= 0) return;
    double coreSeconds = Runtime.getRuntime().availableProcessors() * r.seconds;
    if (r.extra.get("cpuServerPct") instanceof Double p) {
      r.extra.put(
          "cpuServerMicrosPerOperation",
          ScenarioResult.round(p / 100 * coreSeconds * 1e6 / r.operations));
    }
    if (r.extra.get("cpuLoadGeneratorPct") instanceof Double p) {
      r.extra.put(
          "cpuLoadGeneratorMicrosPerOperation",
          ScenarioResult.round(p / 100 * coreSeconds * 1e6 / r.operations));
    }
  }

  // ---- targets ----

  private Target inProcess(Settings settings) {
    Duration hold = Duration.ofSeconds(pollHold != null ? pollHold : quick ? 2 : 20);
    return new Target() {
      public String name() {
        return "swfd";
      }

      public String describe() {
        return "in-process swfd, SQLite with synchronous=FULL (durable commits), a fresh server and data directory per "
            + "scenario under "
            + (dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir")))
            + ", poll hold "
            + hold.toSeconds()
            + " s; threads/memory: "
            + ServerProbe.inProcess().describe();
      }

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
                        .withPollTimeout(hold))
                .start();
        double startMs = (System.nanoTime() - t0) / 1e6;
        return new Session(
            server.endpoint(),
            ServerProbe.inProcess(),
            server,
            hold,
            false,
            startMs,
            () -> {
              server.close();
              deleteTree(dir);
            });
      }
    };
  }

  private Target external() {
    return new Target() {
      public String name() {
        return "server";
      }

      public String describe() {
        return endpoint
            + " (external; threads/memory: "
            + (serverPid != null ? "/proc/" + serverPid : "n/a")
            + ")";
      }

      public Session open() {
        ServerProbe probe = serverPid != null ? ServerProbe.process(serverPid) : ServerProbe.none();
        return new Session(endpoint, probe, null, null, true, null, null);
      }
    };
  }

  private Target moto() {
    return new Target() {
      public String name() {
        return "moto";
      }

      public String describe() {
        return "moto "
            + motoVersion()
            + " (`"
            + motoCommand
            + " -p PORT`, a fresh process per scenario; "
            + "threads/memory from /proc/<pid>/status)";
      }

      public Session open() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(Arrays.asList(motoCommand.trim().split("\\s+")));
        cmd.add("-p");
        cmd.add(String.valueOf(port));
        Path log = Files.createTempFile("swfd-bench-moto-", ".log");
        long t0 = System.nanoTime();
        Process p =
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String url = "http://127.0.0.1:" + port;
        AutoCloseable stop =
            () -> {
              p.destroy();
              if (!p.waitFor(10, TimeUnit.SECONDS))
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
                throw new IOException("moto did not come up (" + e.getMessage() + "): " + tail);
              }
              Thread.sleep(50);
            }
          }
        }
        double startMs = (System.nanoTime() - t0) / 1e6;
        return new Session(
            url, ServerProbe.process(p.pid()), null, Duration.ofSeconds(1), true, startMs, stop);
      }
    };
  }

  private String motoVersion() {
    try {
      List<String> cmd = new ArrayList<>(Arrays.asList(motoCommand.trim().split("\\s+")));
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

  // ---- output ----

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    long limit = ServerProbe.openFilesLimit();
    m.put("openFilesLimit", limit == Long.MAX_VALUE ? "unlimited" : limit < 0 ? "unknown" : limit);
    m.put("loadAverageAtStart", loadAverage());
    m.put("startedAt", Instant.now().toString());
    return m;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private void printScenario(PrintStream o, String name, List<ScenarioResult> row) {
    o.println("== " + name + " ==");
    for (ScenarioResult r : row) {
      o.println("  " + r.target + ": " + (r.description == null ? "" : r.description));
    }
    List<String> heads = row.stream().map(r -> r.target).toList();
    boolean ratio = row.size() == 2;
    List<String[]> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("");
    header.addAll(heads);
    if (ratio) header.add(heads.get(0) + "/" + heads.get(1));
    lines.add(header.toArray(String[]::new));
    addRow(
        lines,
        ratio,
        "operations (" + (row.get(0).operation == null ? "-" : row.get(0).operation) + ")",
        row,
        r -> r.failure != null ? null : (Object) r.operations);
    addRow(
        lines,
        ratio,
        "throughput/s",
        row,
        r -> r.failure != null ? null : (Object) ScenarioResult.round(r.throughput()));
    addRow(
        lines,
        ratio,
        "latency p50 ms",
        row,
        r -> r.latency == null ? null : (Object) r.latency.p50Ms());
    addRow(
        lines,
        ratio,
        "latency p99 ms",
        row,
        r -> r.latency == null ? null : (Object) r.latency.p99Ms());
    addRow(
        lines,
        ratio,
        "latency max ms",
        row,
        r -> r.latency == null ? null : (Object) r.latency.maxMs());
    addRow(lines, ratio, "errors", row, r -> r.failure != null ? null : (Object) r.errors);
    addRow(lines, ratio, "server peak threads", row, r -> r.peakThreads);
    addRow(lines, ratio, "server peak heap MB", row, r -> ScenarioResult.mb(r.peakHeapBytes));
    addRow(lines, ratio, "server peak RSS MB", row, r -> ScenarioResult.mb(r.peakRssBytes));
    List<String> keys = new ArrayList<>();
    List<String> trailing = new ArrayList<>();
    for (ScenarioResult r : row)
      for (String k : r.extra.keySet()) if (!keys.contains(k)) keys.add(k);
    for (String k : keys) {
      boolean summary = row.stream().anyMatch(r -> r.extra.get(k) instanceof Latencies.Summary);
      if (summary) {
        addRow(
            lines,
            ratio,
            k + " p50 ms",
            row,
            r -> r.extra.get(k) instanceof Latencies.Summary l ? l.p50Ms() : null);
        addRow(
            lines,
            ratio,
            k + " p99 ms",
            row,
            r -> r.extra.get(k) instanceof Latencies.Summary l ? l.p99Ms() : null);
        addRow(
            lines,
            ratio,
            k + " max ms",
            row,
            r -> r.extra.get(k) instanceof Latencies.Summary l ? l.maxMs() : null);
      } else if (row.stream()
          .allMatch(r -> r.extra.get(k) == null || r.extra.get(k) instanceof Number)) {
        addRow(lines, ratio, k, row, r -> r.extra.get(k));
      } else {
        for (ScenarioResult r : row)
          if (r.extra.get(k) != null)
            trailing.add("  " + r.target + " " + k + ": " + r.extra.get(k));
      }
    }
    int cols = lines.get(0).length;
    int[] width = new int[cols];
    for (String[] l : lines)
      for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], l[i].length());
    for (String[] l : lines) {
      StringBuilder b = new StringBuilder("  ");
      for (int i = 0; i < cols; i++) {
        if (i == 0) b.append(String.format("%-" + width[i] + "s", l[i]));
        else b.append("  ").append(String.format("%" + width[i] + "s", l[i]));
      }
      o.println(b);
    }
    trailing.forEach(o::println);
    for (ScenarioResult r : row) {
      if (r.windows != null) {
        StringBuilder b =
            new StringBuilder("  " + r.target + " per " + fmt(r.windowSeconds) + " s window (/s):");
        for (double w : r.windows) b.append(' ').append(fmt(ScenarioResult.round(w)));
        o.println(b);
      }
    }
    for (ScenarioResult r : row) {
      if (r.latencyOf != null && r == row.get(0)) o.println("  latency = " + r.latencyOf);
      if (r.failure != null) o.println("  " + r.target + " FAILED: " + r.failure);
      if (!r.errorTypes.isEmpty()) o.println("  " + r.target + " errors: " + r.errorTypes);
      r.errorSamples.forEach((k, v) -> o.println("  " + r.target + " first " + k + ": " + v));
      for (String n : r.notes) o.println("  " + r.target + ": " + n);
    }
    o.println();
    o.flush();
  }

  private static void addRow(
      List<String[]> lines,
      boolean ratio,
      String label,
      List<ScenarioResult> row,
      java.util.function.Function<ScenarioResult, Object> value) {
    List<String> cells = new ArrayList<>();
    cells.add(label);
    List<Object> vals = new ArrayList<>();
    for (ScenarioResult r : row) {
      Object v = value.apply(r);
      vals.add(v);
      cells.add(
          v == null ? "n/a" : v instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(v));
    }
    if (vals.stream().allMatch(v -> v == null)) return;
    if (ratio) cells.add(ratio(vals.get(0), vals.get(1)));
    lines.add(cells.toArray(String[]::new));
  }

  private static String ratio(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && y.doubleValue() != 0) {
      double q = x.doubleValue() / y.doubleValue();
      return Math.abs(q) >= 100
          ? String.format(Locale.ROOT, "%.0f", q)
          : String.format(Locale.ROOT, "%.3g", q);
    }
    return "";
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
  }

  private static List<Map<String, Object>> ratios(List<ScenarioResult> all, List<Target> targets) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (targets.size() != 2) return out;
    String a = targets.get(0).name();
    String b = targets.get(1).name();
    for (String s : SCENARIOS) {
      ScenarioResult x =
          all.stream()
              .filter(r -> r.scenario.equals(s) && r.target.equals(a))
              .findFirst()
              .orElse(null);
      ScenarioResult y =
          all.stream()
              .filter(r -> r.scenario.equals(s) && r.target.equals(b))
              .findFirst()
              .orElse(null);
      if (x == null || y == null || x.failure != null || y.failure != null) continue;
      ratio(out, a, b, s, "throughputPerSecond", x.throughput(), y.throughput());
      if (x.latency != null && y.latency != null) {
        ratio(out, a, b, s, "latencyP50Ms", x.latency.p50Ms(), y.latency.p50Ms());
        ratio(out, a, b, s, "latencyP99Ms", x.latency.p99Ms(), y.latency.p99Ms());
        ratio(out, a, b, s, "latencyMaxMs", x.latency.maxMs(), y.latency.maxMs());
      }
      if (x.peakThreads != null && y.peakThreads != null)
        ratio(out, a, b, s, "peakThreads", x.peakThreads, y.peakThreads);
      if (x.peakRssBytes != null && y.peakRssBytes != null) {
        ratio(
            out,
            a,
            b,
            s,
            "peakRssMb",
            ScenarioResult.mb(x.peakRssBytes),
            ScenarioResult.mb(y.peakRssBytes));
      }
    }
    return out;
  }

  private static void ratio(
      List<Map<String, Object>> out,
      String nameA,
      String nameB,
      String scenario,
      String metric,
      double a,
      double b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("metric", metric);
    m.put(nameA, a);
    m.put(nameB, b);
    m.put("ratio", b == 0 ? null : Math.round(a / b * 1000) / 1000.0);
    out.add(m);
  }

  private void writeJson(
      Map<String, Object> machine,
      Settings s,
      List<Target> targets,
      List<ScenarioResult> all,
      List<Map<String, Object>> ratios)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("tool", "swfd bench");
    root.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("quick", s.quick);
    settings.put("clients", s.clients);
    settings.put("durationSeconds", s.durationSeconds);
    settings.put("tasks", s.tasks);
    settings.put("inFlight", s.inFlight);
    settings.put("rate", s.rate);
    settings.put("timeoutRate", s.timeoutRate);
    settings.put("polls", s.polls);
    settings.put("pollLists", s.pollLists);
    settings.put("windowSeconds", s.windowSeconds);
    root.put("settings", settings);
    Map<String, Object> t = new LinkedHashMap<>();
    for (Target x : targets) t.put(x.name(), x.describe());
    root.put("targets", t);
    root.put("results", all.stream().map(ScenarioResult::toMap).toList());
    if (!ratios.isEmpty()) root.put("ratios", ratios);
    byte[] bytes =
        SwfHttpClient.JSON
            .copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(root);
    if ("-".equals(json)) {
      out.write(bytes);
      out.println();
      out.flush();
    } else {
      Path p = Path.of(json);
      if (p.toAbsolutePath().getParent() != null)
        Files.createDirectories(p.toAbsolutePath().getParent());
      Files.write(p, bytes);
      err.println("JSON written to " + p);
    }
  }
}
