package io.swfd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Runs every scenario of {@code swfd bench --quick} once against an in-process swfd and checks that
 * the report carries numbers. No timing assertions: this is a smoke test of the tool, not a
 * measurement.
 */
class BenchCommandTest {
  @TempDir static Path dir;

  private static final Map<String, JsonNode> results = new HashMap<>();
  private static JsonNode report;
  private static String tables;
  private static int exitCode;

  @BeforeAll
  static void runQuickBenchmark() throws Exception {
    Path json = dir.resolve("bench.json");
    BenchCommand cmd = new BenchCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    cmd.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    exitCode =
        new CommandLine(cmd)
            .execute(
                "--quick",
                "--scenario",
                "all",
                "--duration",
                "2",
                "--warmup",
                "1",
                "--clients",
                "8",
                "--data-dir",
                dir.resolve("data").toString(),
                "--json",
                json.toString());
    tables = out.toString(StandardCharsets.UTF_8);
    report = new ObjectMapper().readTree(json.toFile());
    for (JsonNode r : report.path("results")) results.put(r.path("scenario").asText(), r);
  }

  @Test
  void everyScenarioRanWithoutFailure() {
    assertThat(exitCode).as(tables).isZero();
    assertThat(results).containsOnlyKeys(BenchCommand.SCENARIOS);
    results.values().forEach(r -> assertThat(r.has("failure")).as(r.toString()).isFalse());
    assertThat(report.path("machine").path("cores").asInt()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"heartbeats", "fanout", "workflows", "dispatch", "timeouts", "polls"})
  void reportHasNumbers(String scenario) {
    JsonNode r = results.get(scenario);
    assertThat(r).as(scenario).isNotNull();
    assertThat(r.path("target").asText()).isEqualTo("swfd");
    assertThat(r.path("operations").asLong()).as(r.toString()).isPositive();
    assertThat(r.path("throughputPerSecond").asDouble()).as(r.toString()).isPositive();
    JsonNode latency = r.path("latency");
    assertThat(latency.path("count").asLong()).as(r.toString()).isPositive();
    assertThat(latency.path("p50Ms").isNumber()).isTrue();
    assertThat(latency.path("p99Ms").isNumber()).isTrue();
    assertThat(latency.path("maxMs").asDouble())
        .isGreaterThanOrEqualTo(latency.path("p99Ms").asDouble());
    // in-process: the server's threads and memory are known
    assertThat(r.path("server").path("peakThreads").asLong()).as(r.toString()).isPositive();
    assertThat(r.path("server").path("peakHeapMb").asDouble()).as(r.toString()).isPositive();
    assertThat(r.path("extra").path("serverStartMs").isNumber()).isTrue();
    assertThat(tables).contains("== " + scenario + " ==");
  }

  @ParameterizedTest
  @ValueSource(strings = {"heartbeats", "fanout", "workflows", "dispatch"})
  void throughputScenariosWarmUpBeforeTheyMeasure(String scenario) {
    assertThat(results.get(scenario).path("extra").path("warmupSeconds").asDouble()).isEqualTo(1.0);
    assertThat(tables).contains("after a 1 s warm-up");
  }

  @Test
  void workflowsKeepsAWindowSeries() {
    JsonNode w = results.get("workflows").path("windowThroughputPerSecond");
    assertThat(w.isArray()).isTrue();
    assertThat(w.size()).isPositive();
    assertThat(tables).contains("swfd per 1 s window (/s):");
  }

  @Test
  void fanoutHeartbeatsTasksOfOneRun() {
    JsonNode x = results.get("fanout").path("extra");
    assertThat(x.path("runs").asInt()).isEqualTo(1);
    assertThat(x.path("activityTasks").asInt()).isPositive();
  }

  @Test
  void childrenReportsBothSizes() {
    JsonNode r = results.get("children");
    assertThat(r.path("operations").asLong()).as(r.toString()).isEqualTo(60);
    JsonNode x = r.path("extra");
    for (int n : new int[] {10, 50}) {
      assertThat(x.path("children" + n + "Seconds").asDouble()).as(r.toString()).isPositive();
      assertThat(x.path("children" + n + "MsPerChild").asDouble()).as(r.toString()).isPositive();
    }
    assertThat(x.path("msPerChildRatio50To10").isNumber()).as(r.toString()).isTrue();
    assertThat(tables).contains("== children ==");
  }

  @Test
  void pollsWereParkedOnTheServerAndAnswered() {
    JsonNode x = results.get("polls").path("extra");
    assertThat(x.path("parkedOnServer").asLong()).isPositive();
    assertThat(x.path("threadsWhenMeasured").asLong()).isPositive();
  }

  @Test
  void timeoutsWereFoundInHistories() {
    JsonNode x = results.get("timeouts").path("extra");
    assertThat(x.path("timeoutTypes").path("HEARTBEAT").asLong()).isPositive();
    assertThat(x.path("observedByDecider").path("count").asLong()).isPositive();
  }

  @Test
  void rejectsAnUnknownScenario() {
    BenchCommand cmd = new BenchCommand();
    cmd.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(cmd);
    cl.setErr(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(cl.execute("--scenario", "nope")).isNotZero();
  }
}
