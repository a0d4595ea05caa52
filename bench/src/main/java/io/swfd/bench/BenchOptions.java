package io.swfd.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code swfd bench}'s command-line options, and the {@link Settings} and targets they make. */
final class BenchOptions {
  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "Target a running server (e.g. http://127.0.0.1:7777) instead of starting an in-process swfd;"
              + " several, comma-separated (the nodes of a cluster), spread the clients over them in turn.")
  String endpoint;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      split = ",",
      description =
          "With --endpoint: the server's process id, to read its threads, memory and CPU from /proc;"
              + " several, comma-separated, are summed (the nodes of a cluster).")
  List<Long> serverPid;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "all",
      description =
          "heartbeats, fanout, children, workflows, dispatch, timeouts, polls or all (comma-separated list; default: ${DEFAULT-VALUE}).")
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
          "heartbeats: started activity tasks (one per run) to heartbeat round-robin; fanout: the same in ONE run, at most 1000 (default: ${DEFAULT-VALUE}).")
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
          "heartbeats, fanout, workflows, dispatch: load run before the measured phase and left out of its figures, "
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

  /** The benchmark's knobs, after {@code --quick} has been applied. */
  Settings settings() {
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

  /**
   * The load generator's HTTP client.
   *
   * @throws IllegalArgumentException for an unknown one
   */
  SwfHttpClient.Transport transport() {
    return switch (httpClient.toLowerCase(Locale.ROOT)) {
      case "jdk" -> SwfHttpClient.Transport.JDK;
      case "raw" -> SwfHttpClient.Transport.RAW;
      default -> throw new IllegalArgumentException("--http-client must be jdk or raw");
    };
  }

  /** The targets every scenario runs against, in the tables' column order. */
  List<Target> targets() {
    Target first =
        endpoint == null
            ? new InProcessTarget(
                dataDir, Duration.ofSeconds(pollHold != null ? pollHold : quick ? 2 : 20))
            : new EndpointTarget(endpoint, serverPid);
    return compareMoto ? List.of(first, new MotoTarget(motoCommand)) : List.of(first);
  }
}
