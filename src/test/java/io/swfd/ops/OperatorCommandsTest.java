package io.swfd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.auth.AuthConfig;
import io.swfd.auth.Credential;
import io.swfd.console.DemoWorkflow;
import io.swfd.server.ServerConfig;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import io.swfd.support.RunningSwfd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/** swfd domains / executions / history against a running server that checks signatures. */
class OperatorCommandsTest {
  static final String KEY = "AKIDOPERATOR";
  static final String SECRET = "operator-secret";
  static RunningSwfd swfd;
  static DemoWorkflow.Runs runs;

  record Result(int status, String out, String err) {}

  @BeforeAll
  static void start() {
    swfd =
        new RunningSwfd(
            ServerConfig.defaults()
                .withPollTimeout(Duration.ofSeconds(1))
                .withTimeControl(true)
                .withAuth(AuthConfig.of(new Credential(KEY, SECRET))),
            InstantSource.system());
    try (SwfClient swf =
        SwfClient.builder()
            .endpointOverride(swfd.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
            .build()) {
      DemoWorkflow demo = new DemoWorkflow(swf, swfd.server().timeControl());
      demo.register();
      runs = demo.run();
    }
  }

  @AfterAll
  static void stop() {
    swfd.close();
  }

  static Result swfd(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = SwfdCommand.commandLine(new ServeCommand(env, Path.of("").toAbsolutePath(), false));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    System.out.println("$ swfd " + String.join(" ", args) + "\n" + out + err);
    return new Result(status, out.toString(), err.toString());
  }

  static Result swfd(String... args) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                KEY,
                "AWS_SECRET_ACCESS_KEY",
                SECRET,
                "SWFD_ENDPOINT",
                swfd.endpoint().toString()));
    return swfd(env, args);
  }

  @Test
  void domainsListsNameStatusRetentionAndDescription() {
    Result r = swfd("domains");
    assertThat(r.status()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("NAME +STATUS +RETENTION +DESCRIPTION");
    assertThat(lines.get(1)).matches("orders +REGISTERED +30 days +Web shop orders");
  }

  @Test
  void executionsListsOpenOnesByDefaultAndClosedOnesWithFilters() {
    Result open = swfd("executions", "--domain", "orders");
    assertThat(open.status()).isZero();
    assertThat(open.out().lines().findFirst().orElseThrow())
        .matches("WORKFLOW ID +RUN ID +TYPE +STATUS +STARTED \\(UTC\\) +TAGS");
    assertThat(open.out())
        .contains("order-1003", "order-1004", runs.openRunId())
        .doesNotContain("order-1001");

    Result closed = swfd("executions", "--domain", "orders", "--closed");
    assertThat(closed.out())
        .contains("order-1001", "COMPLETED", "order-1002", "FAILED", "web,priority");

    Result failed = swfd("executions", "--domain", "orders", "--close-status", "failed");
    assertThat(failed.out()).contains("order-1002").doesNotContain("order-1001");

    Result byId =
        swfd(
            "executions",
            "--domain",
            "orders",
            "--closed",
            "--workflow-id",
            "order-1001",
            "--json");
    assertThat(byId.out()).contains("\"executionInfos\"", runs.completedRunId());

    Result recent =
        swfd("executions", "--domain", "orders", "--since", "2000-01-01T00:00:00Z", "--limit", "1");
    assertThat(recent.out()).contains("(first 1; --limit 0 shows all)");
  }

  @Test
  void historyPrintsEveryEventAndTheResultLikeTemporalWorkflowShow() {
    Result r = swfd("history", "--domain", "orders", "--workflow-id", "order-1001");
    assertThat(r.status()).isZero();
    String out = r.out();
    assertThat(out)
        .contains(
            "Run ID       " + runs.completedRunId(),
            "Type         ProcessOrder 1",
            "Progress:",
            "Result:");
    assertThat(out).containsPattern("(?m)^ +ID +TIME \\(UTC\\) +ELAPSED +TYPE +DETAILS$");
    assertThat(out)
        .containsPattern(
            "(?m)^ +1 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} +0\\.000s +WorkflowExecutionStarted +input=.*orderId.*1001.*\\.\\.\\.$");
    assertThat(out)
        .containsPattern(
            "ActivityTaskTimedOut +timeoutType=HEARTBEAT scheduledEventId=\\d+ startedEventId=\\d+ details=\"rendering template\"");
    assertThat(out).containsPattern("ActivityTaskFailed +reason=\"carrier unavailable\"");
    assertThat(out).containsPattern("TimerFired +timerId=retry-shipping");
    assertThat(out).containsPattern("(?m)^ +39 .* 21m 4\\d\\.\\d{3}s +WorkflowExecutionCompleted");
    assertThat(out)
        .contains(
            "  Status       COMPLETED",
            "  Result       {\"status\": \"shipped\", \"tracking\": \"DHL-42\"}");
  }

  @Test
  void historyOfAnOpenExecutionSaysWhatItWaitsFor() {
    Result r =
        swfd(
            "history",
            "--domain",
            "orders",
            "--workflow-id",
            "order-1004",
            "--run-id",
            runs.pendingActivityRunId());
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains(
            "  Status       OPEN",
            "  Pending      0 decision task(s), 1 activity task(s), 0 timer(s), 0 child execution(s)");
  }

  @Test
  void clusterListsTheNodesAndTheirShardsOrSaysTheNodeIsAlone() {
    Result r = swfd("cluster");
    assertThat(r.status()).isZero();
    if (swfd.server().config().postgres()) {
      // a node on PostgreSQL is a cluster of one: it owns every shard
      assertThat(r.out()).startsWith("64 shards; seen from node ").contains(" 64 ");
    } else {
      assertThat(r.out()).contains("is not part of a cluster (store: sqlite)");
    }
  }

  @Test
  void errorsAreOneLineAndExitWithOne() {
    Result unknown = swfd("history", "--domain", "orders", "--workflow-id", "no-such-order");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo(
            "swfd history: UnknownResourceFault: no execution with workflow id no-such-order in orders");

    Result unsigned = swfd(Map.of("SWFD_ENDPOINT", swfd.endpoint().toString()), "domains");
    assertThat(unsigned.status()).isEqualTo(1);
    assertThat(unsigned.err()).startsWith("swfd domains: UnrecognizedClientException: ");

    Result down = swfd(Map.of(), "domains", "--endpoint", "http://127.0.0.1:1");
    assertThat(down.status()).isEqualTo(1);
    assertThat(down.err()).contains("cannot reach swfd at http://127.0.0.1:1");

    Result usage = swfd(Map.of(), "executions");
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required option: '--domain=DOMAIN'");
  }

  @Test
  void aRegionWithNothingInItSaysSo() {
    Result r = swfd("domains", "--region", "eu-central-1");
    assertThat(r.status()).isZero();
    assertThat(r.out().strip())
        .isEqualTo("No registered domains in eu-central-1 at " + swfd.endpoint() + ".");
  }
}
