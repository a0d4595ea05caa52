package io.swfd.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code swfd bench}: drives an SWF endpoint over real HTTP with many concurrent clients and
 * reports throughput, latency percentiles and the server's threads and memory, as tables and as
 * JSON. Without {@code --endpoint} it starts a fresh in-process swfd (SQLite, durable commits) for
 * each scenario; with {@code --compare-moto} it runs the same scenarios against moto's server and
 * prints swfd/moto ratios side by side.
 */
@Command(
    name = "swfd bench",
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
      "  swfd bench --endpoint http://127.0.0.1:7777 --server-pid 1234 --scenario polls --json result.json",
      "  swfd bench --endpoint http://10.0.0.1:7777,http://10.0.0.2:7777 --server-pid 1234,1235 --scenario workflows"
    })
public final class BenchCommand implements Callable<Integer> {
  /** Every scenario's name, in running order. */
  static final List<String> SCENARIOS = Scenarios.NAMES;

  @Mixin BenchOptions options = new BenchOptions();

  @Spec CommandSpec spec;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /** {@code ./swfd bench ARGS} runs this with ARGS. */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new BenchCommand());
    cl.setParameterExceptionHandler(BenchCommand::shortError);
    System.exit(cl.execute(args));
  }

  /** An invalid option: the problem and where to find help (no usage dump), as swfd's commands. */
  private static int shortError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public Integer call() throws Exception {
    List<String> names;
    SwfHttpClient.Transport transport;
    try {
      names = Scenarios.select(options.scenarios);
      transport = options.transport();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Settings settings = options.settings();
    PrintStream tables = "-".equals(options.json) ? err : out;
    String tag = Long.toString(System.currentTimeMillis(), 36);
    List<Target> targets = options.targets();

    Map<String, Object> machine = Report.machine();
    machine.put("httpClient", options.httpClient);
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
            + options.httpClient);
    for (Target t : targets) tables.println("  " + t.name() + ": " + t.describe());
    tables.println();

    Map<String, Map<String, ScenarioResult>> byTarget = new LinkedHashMap<>();
    List<ScenarioResult> all = new ArrayList<>();
    boolean failed = false;
    for (String name : names) {
      Scenario scenario = Scenarios.create(name);
      List<ScenarioResult> row = new ArrayList<>();
      for (Target t : targets) {
        Map<String, ScenarioResult> earlier =
            byTarget.computeIfAbsent(t.name(), k -> new HashMap<>());
        ScenarioResult r = runOne(scenario, t, settings, transport, earlier, tag);
        if (r.failure != null) failed = true;
        earlier.put(name, r);
        row.add(r);
        all.add(r);
      }
      Report.printScenario(tables, name, row);
    }
    List<Map<String, Object>> ratios = Report.ratios(all, targets);
    machine.put("loadAverageAtEnd", Report.loadAverage());
    if (options.json != null)
      Report.writeJson(options.json, out, err, machine, settings, targets, all, ratios);
    return failed ? 1 : 0;
  }

  /** One scenario against one target; a failure is reported in the result, not thrown. */
  private ScenarioResult runOne(
      Scenario scenario,
      Target target,
      Settings settings,
      SwfHttpClient.Transport transport,
      Map<String, ScenarioResult> earlier,
      String tag) {
    err.printf("%s on %s ...%n", scenario.name(), target.name());
    try (Target.Session session = target.open();
        SwfHttpClient client =
            new SwfHttpClient(
                session.endpoint(), session.scopeAuth(), scenario.transport(transport))) {
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
      if (scenario.operationsAreTheWholeLoad()) perOperationCpu(r);
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
}
