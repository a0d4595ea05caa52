package io.swfd.moto;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.swfd.server.SwfdServer;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import io.swfd.support.RunningSwfd;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/**
 * {@code swfd serve --moto-compat}: moto's reset API, short poll holds, any signature; and a suite
 * of boto3 tests written the way moto's own SWF tests are (moto's {@code @mock_aws} in server mode)
 * run against it with python3, when python3 with boto3, moto and pytest is there.
 */
class MotoCompatTest {
  static final HttpClient http = HttpClient.newHttpClient();
  static Path dataDir;
  static ServeCommand serve;
  static Thread serveThread;
  static SwfdServer server;
  static SwfClient swf;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("swfd-moto");
    serve = new ServeCommand(Map.of(), Path.of("").toAbsolutePath(), false);
    StringWriter out = new StringWriter();
    var cl = SwfdCommand.commandLine(serve);
    cl.setOut(new PrintWriter(out));
    serveThread =
        new Thread(
            () ->
                cl.execute(
                    "serve",
                    "--port",
                    "0",
                    "--data-dir",
                    dataDir.toString(),
                    "--moto-compat",
                    "--time-control"),
            "moto-compat-serve");
    serveThread.start();
    server = serve.started().get(60, TimeUnit.SECONDS);
    swf =
        SwfClient.builder()
            .endpointOverride(URI.create(server.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("FOOBARKEY", "FOOBARSECRET")))
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (swf != null) swf.close();
    serve.requestStop();
    serveThread.join(30_000);
  }

  static HttpResponse<String> post(String endpoint, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(endpoint + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void reset() throws Exception {
    HttpResponse<String> r = post(server.endpoint(), "/moto-api/reset", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\": \"ok\"}");
  }

  @Test
  void theModeHasMotosDefaults() {
    assertThat(server.config().motoCompat()).isTrue();
    assertThat(server.config().account()).isEqualTo("123456789012");
    assertThat(server.config().pollTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(server.timeControl()).isNotNull();
  }

  @Test
  void resetClearsEveryDomainTypeRunTaskAndTimer() throws Exception {
    reset();
    swf.registerDomain(r -> r.name("d").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("d")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain("d")
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name("work"))
                .defaultTaskScheduleToStartTimeout("60")
                .defaultTaskScheduleToCloseTimeout("120")
                .defaultTaskStartToCloseTimeout("60")
                .defaultTaskHeartbeatTimeout("30"));
    swf.startWorkflowExecution(
        r -> r.domain("d").workflowId("w1").workflowType(t -> t.name("wf").version("1")));
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("d").taskList(t -> t.name("dec")));
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    decision(
                        x ->
                            x.decisionType(DecisionType.START_TIMER)
                                .startTimerDecisionAttributes(
                                    t -> t.timerId("t").startToFireTimeout("600"))),
                    decision(
                        x ->
                            x.decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                                .scheduleActivityTaskDecisionAttributes(
                                    a ->
                                        a.activityId("a")
                                            .activityType(t -> t.name("act").version("1"))))));
    swf.startWorkflowExecution(
        r -> r.domain("d").workflowId("w2").workflowType(t -> t.name("wf").version("1")));
    assertThat(
            swf.countPendingActivityTasks(r -> r.domain("d").taskList(t -> t.name("work"))).count())
        .isEqualTo(1);
    // a poll waiting on another list when the reset comes
    CompletableFuture<PollForActivityTaskResponse> parked =
        CompletableFuture.supplyAsync(
            () -> swf.pollForActivityTask(r -> r.domain("d").taskList(t -> t.name("elsewhere"))));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> server.queues().parkedPerList().containsKey("activity:d/elsewhere"));

    reset();

    assertThat(parked.get(5, TimeUnit.SECONDS).taskToken()).isNull();
    assertThatThrownBy(() -> swf.describeDomain(r -> r.name("d")))
        .isInstanceOf(UnknownResourceException.class);
    assertThat(swf.listDomains(r -> r.registrationStatus("REGISTERED")).domainInfos()).isEmpty();
    assertThatThrownBy(
            () -> swf.countPendingActivityTasks(r -> r.domain("d").taskList(t -> t.name("work"))))
        .isInstanceOf(UnknownResourceException.class);
    assertThatThrownBy(() -> swf.respondDecisionTaskCompleted(r -> r.taskToken(d.taskToken())))
        .isInstanceOf(UnknownResourceException.class);
    // the timer of the old run is gone: moving the clock past it changes nothing
    assertThat(server.timeControl().advanceAndSettle(Duration.ofHours(2), Duration.ofSeconds(10)))
        .isTrue();

    // the same names start over: one run, one decision task, fresh history
    swf.registerDomain(r -> r.name("d").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("d")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60")
                .defaultChildPolicy("TERMINATE"));
    String run =
        swf.startWorkflowExecution(
                r -> r.domain("d").workflowId("w1").workflowType(t -> t.name("wf").version("1")))
            .runId();
    assertThat(
            swf.countPendingDecisionTasks(r -> r.domain("d").taskList(t -> t.name("dec"))).count())
        .isEqualTo(1);
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r -> r.domain("d").startTimeFilter(f -> f.oldestDate(java.time.Instant.EPOCH)))
                .count())
        .isEqualTo(1);
    assertThat(
            swf.getWorkflowExecutionHistory(
                    r -> r.domain("d").execution(e -> e.workflowId("w1").runId(run)))
                .events())
        .hasSize(2);
  }

  @Test
  void anIdlePollAnswersEmptyAfterAboutASecond() throws Exception {
    reset();
    swf.registerDomain(r -> r.name("idle").workflowExecutionRetentionPeriodInDays("1"));
    long t0 = System.nanoTime();
    PollForDecisionTaskResponse empty =
        swf.pollForDecisionTask(r -> r.domain("idle").taskList(t -> t.name("nobody")));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(empty.taskToken()).isNull();
    assertThat(empty.startedEventId()).isZero();
    assertThat(empty.previousStartedEventId()).isZero();
    assertThat(ms).isBetween(900L, 5_000L);
  }

  @Test
  void anySignatureAndDateAreAccepted() throws Exception {
    String body = "{\"registrationStatus\":\"REGISTERED\"}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "SimpleWorkflowService.ListDomains")
                .header("X-Amz-Date", "19990101T000000Z")
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=FOOBARKEY/19990101/us-east-1/swf/aws4_request, "
                        + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("domainInfos");
  }

  @Test
  void withoutTheFlagThereIsNoResetApi() throws Exception {
    try (RunningSwfd plain = new RunningSwfd()) {
      assertThat(post(plain.endpoint().toString(), "/moto-api/reset", "").statusCode())
          .isEqualTo(404);
    }
  }

  /**
   * The boto3 suite in src/test/python/moto_compat, run by pytest the way moto runs its server-mode
   * tests.
   */
  @Test
  void motoStyleBoto3SuitePasses() throws Exception {
    Path suite = Path.of("src/test/python/moto_compat").toAbsolutePath();
    Assumptions.assumeTrue(Files.isDirectory(suite), "no " + suite);
    boolean python = pythonHas("boto3", "moto", "pytest");
    if (!python)
      System.err.println(
          "MotoCompatTest: SKIPPED the boto3 suite: python3 with boto3, moto and pytest is not available");
    Assumptions.assumeTrue(python, "python3 with boto3, moto and pytest is not available");
    reset();
    List<String> cmd =
        new ArrayList<>(
            List.of("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", suite.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(suite.toFile()).redirectErrorStream(true);
    pb.environment().put("TEST_SERVER_MODE", "true");
    pb.environment().put("TEST_SERVER_MODE_ENDPOINT", server.endpoint());
    pb.environment().put("AWS_ACCESS_KEY_ID", "FOOBARKEY");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "FOOBARSECRET");
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    pb.environment().remove("AWS_PROFILE");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    if (!done) p.destroyForcibly();
    System.out.println(output);
    assertThat(done).as("pytest finished within 5 minutes").isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    Matcher m = Pattern.compile("(\\d+) passed").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    assertThat(Integer.parseInt(m.group(1))).as(output).isGreaterThanOrEqualTo(50);
    assertThat(output)
        .doesNotContain("skipped"); // the timeout tests ran: the server has time control
  }

  static boolean pythonHas(String... modules) {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import " + String.join(", ", modules))
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
