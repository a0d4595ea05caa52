package io.swfd.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.swfd.auth.SigV4;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.timers.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/** ScheduleLambdaFunction run against a small Lambda-compatible server started by the test. */
class LambdaTasksTest {
  static HttpServer lambda;
  static final List<String> authorizations = new CopyOnWriteArrayList<>();
  static final List<Boolean> signaturesValid = new CopyOnWriteArrayList<>();
  static final CountDownLatch releaseSlow = new CountDownLatch(1);
  static ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  static RunningSwfd swfd;
  static SwfClient swf;

  @BeforeAll
  static void start() throws IOException {
    lambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    lambda.createContext(
        "/2015-03-31/functions/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String fn =
              path.substring(
                  "/2015-03-31/functions/".length(), path.length() - "/invocations".length());
          byte[] body = ex.getRequestBody().readAllBytes();
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          authorizations.add(auth);
          signaturesValid.add(
              validSignature(
                  ex.getRequestHeaders().getFirst("Host"),
                  ex.getRequestHeaders().getFirst("X-Amz-Date"),
                  ex.getRequestHeaders().getFirst("Content-Type"),
                  path,
                  body,
                  auth));
          String input = new String(body, StandardCharsets.UTF_8);
          switch (fn) {
            case "upper" -> reply(ex, 200, input.toUpperCase(), null);
            case "boom" -> reply(ex, 200, "{\"errorMessage\":\"boom\"}", "Unhandled");
            case "slow" -> {
              try {
                releaseSlow.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              reply(ex, 200, "late", null);
            }
            default ->
                reply(ex, 404, "{\"Type\":\"User\",\"message\":\"Function not found\"}", null);
          }
        });
    lambda.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    lambda.start();
    LambdaConfig config =
        new LambdaConfig(
            "http://127.0.0.1:" + lambda.getAddress().getPort(),
            "us-east-1",
            "AKIDLAMBDA",
            "lambda-secret");
    swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)).withLambda(config),
            clock);
    swf = swfd.client();
    swf.registerDomain(r -> r.name("lam").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("lam")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultChildPolicy("TERMINATE")
                .defaultLambdaRole("arn:aws:iam::123456789012:role/swf-lambda"));
  }

  private static boolean validSignature(
      String host, String amzDate, String contentType, String path, byte[] body, String auth) {
    if (auth == null) return false;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", host);
    headers.put("content-type", contentType);
    headers.put("x-amz-date", amzDate);
    String expected =
        SigV4.signature(
            "lambda-secret",
            "POST",
            path,
            "",
            headers,
            SigV4.hex(SigV4.sha256(body)),
            amzDate,
            "us-east-1",
            "lambda");
    return auth.endsWith("Signature=" + expected);
  }

  private static void reply(
      com.sun.net.httpserver.HttpExchange ex, int status, String body, String functionError)
      throws IOException {
    if (functionError != null) ex.getResponseHeaders().add("X-Amz-Function-Error", functionError);
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @AfterAll
  static void stop() {
    releaseSlow.countDown();
    swf.close();
    swfd.close();
    lambda.stop(0);
  }

  private String runWithLambda(String workflowId, String function, String timeout) {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain("lam")
                        .workflowId(workflowId)
                        .workflowType(t -> t.name("wf").version("1")))
            .runId();
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("lam").taskList(t -> t.name("dec")));
    assertThat(d.workflowExecution().workflowId()).isEqualTo(workflowId);
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    x ->
                        x.decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
                            .scheduleLambdaFunctionDecisionAttributes(
                                a ->
                                    a.id("l1")
                                        .name(function)
                                        .input("hello")
                                        .startToCloseTimeout(timeout))));
    return runId;
  }

  private List<HistoryEvent> history(String workflowId, String runId) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain("lam").execution(e -> e.workflowId(workflowId).runId(runId)))
        .events();
  }

  private HistoryEvent awaitEvent(String workflowId, String runId, EventType type) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> history(workflowId, runId).stream().anyMatch(e -> e.eventType() == type));
    return history(workflowId, runId).stream()
        .filter(e -> e.eventType() == type)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aFunctionsResultCompletesTheTaskAndTheCallIsSigned() {
    String run = runWithLambda("ok", "upper", null);
    HistoryEvent done = awaitEvent("ok", run, EventType.LAMBDA_FUNCTION_COMPLETED);
    assertThat(done.lambdaFunctionCompletedEventAttributes().result()).isEqualTo("HELLO");
    List<EventType> types = history("ok", run).stream().map(HistoryEvent::eventType).toList();
    assertThat(types)
        .containsSubsequence(
            EventType.LAMBDA_FUNCTION_SCHEDULED,
            EventType.LAMBDA_FUNCTION_STARTED,
            EventType.LAMBDA_FUNCTION_COMPLETED,
            EventType.DECISION_TASK_SCHEDULED);
    assertThat(
            history("ok", run).stream()
                .filter(e -> e.eventType() == EventType.LAMBDA_FUNCTION_SCHEDULED)
                .findFirst()
                .orElseThrow()
                .lambdaFunctionScheduledEventAttributes()
                .startToCloseTimeout())
        .isEqualTo("900");
    assertThat(authorizations)
        .anyMatch(
            a ->
                a.contains("Credential=AKIDLAMBDA/")
                    && a.contains("/us-east-1/lambda/aws4_request"));
    assertThat(signaturesValid).isNotEmpty().allMatch(v -> v);
    drain("ok");
  }

  @Test
  void aFunctionErrorFailsTheTask() {
    String run = runWithLambda("err", "boom", "60");
    HistoryEvent failed = awaitEvent("err", run, EventType.LAMBDA_FUNCTION_FAILED);
    assertThat(failed.lambdaFunctionFailedEventAttributes().reason()).isEqualTo("Unhandled");
    assertThat(failed.lambdaFunctionFailedEventAttributes().details()).contains("boom");
    drain("err");
  }

  @Test
  void aRefusedCallIsStartLambdaFunctionFailed() {
    String run = runWithLambda("missing", "nope", "60");
    HistoryEvent failed = awaitEvent("missing", run, EventType.START_LAMBDA_FUNCTION_FAILED);
    assertThat(failed.startLambdaFunctionFailedEventAttributes().causeAsString())
        .isEqualTo("ASSUME_ROLE_FAILED");
    assertThat(failed.startLambdaFunctionFailedEventAttributes().message()).contains("404");
    drain("missing");
  }

  @Test
  void aSlowFunctionTimesOut() {
    String run = runWithLambda("slow", "slow", "5");
    awaitEvent("slow", run, EventType.LAMBDA_FUNCTION_STARTED);
    clock.advance(Duration.ofSeconds(6));
    HistoryEvent timedOut = awaitEvent("slow", run, EventType.LAMBDA_FUNCTION_TIMED_OUT);
    assertThat(timedOut.lambdaFunctionTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("START_TO_CLOSE");
    drain("slow");
  }

  /**
   * Takes the decision task the outcome scheduled and closes the run, so tests do not see each
   * other's tasks.
   */
  private void drain(String workflowId) {
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("lam").taskList(t -> t.name("dec")));
    assertThat(d.workflowExecution().workflowId()).isEqualTo(workflowId);
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(x -> x.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)));
  }
}
