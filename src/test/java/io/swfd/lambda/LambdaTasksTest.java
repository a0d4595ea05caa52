package io.swfd.lambda;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.swfd.auth.SigV4;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.timers.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
  static final CountDownLatch slowCalled = new CountDownLatch(1);
  static ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  static RunningSwfd swfd;
  static SwfClient swf;

  @BeforeAll
  static void start() throws IOException {
    lambda = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
            case "upper" -> reply(ex, 200, input.toUpperCase(Locale.ROOT), null);
            case "boom" -> reply(ex, 200, "{\"errorMessage\":\"boom\"}", "Unhandled");
            case "slow" -> {
              slowCalled.countDown();
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
                    decision(
                        x ->
                            x.decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
                                .scheduleLambdaFunctionDecisionAttributes(
                                    a ->
                                        a.id("l1")
                                            .name(function)
                                            .input("hello")
                                            .startToCloseTimeout(timeout)))));
    return runId;
  }

  private List<HistoryEvent> history(String workflowId, String runId) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain("lam").execution(e -> e.workflowId(workflowId).runId(runId)))
        .events();
  }

  private List<EventType> types(String workflowId, String runId) {
    return history(workflowId, runId).stream().map(HistoryEvent::eventType).toList();
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
    // it ran and raised: started, then failed
    assertThat(types("err", run))
        .containsSubsequence(
            EventType.LAMBDA_FUNCTION_SCHEDULED,
            EventType.LAMBDA_FUNCTION_STARTED,
            EventType.LAMBDA_FUNCTION_FAILED);
    assertThat(failed.lambdaFunctionFailedEventAttributes().startedEventId())
        .isEqualTo(failed.eventId() - 1);
    drain("err");
  }

  @Test
  void aRefusedCallIsStartLambdaFunctionFailed() {
    String run = runWithLambda("missing", "nope", "60");
    HistoryEvent failed = awaitEvent("missing", run, EventType.START_LAMBDA_FUNCTION_FAILED);
    assertThat(failed.startLambdaFunctionFailedEventAttributes().causeAsString())
        .isEqualTo("ASSUME_ROLE_FAILED");
    assertThat(failed.startLambdaFunctionFailedEventAttributes().message()).contains("404");
    // the function never started: no LambdaFunctionStarted before the failure
    assertThat(types("missing", run))
        .containsSubsequence(
            EventType.LAMBDA_FUNCTION_SCHEDULED,
            EventType.START_LAMBDA_FUNCTION_FAILED,
            EventType.DECISION_TASK_SCHEDULED)
        .doesNotContain(EventType.LAMBDA_FUNCTION_STARTED);
    drain("missing");
  }

  @Test
  void aSlowFunctionTimesOut() throws InterruptedException {
    String run = runWithLambda("slow", "slow", "5");
    assertThat(slowCalled.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(6));
    HistoryEvent timedOut = awaitEvent("slow", run, EventType.LAMBDA_FUNCTION_TIMED_OUT);
    assertThat(timedOut.lambdaFunctionTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("START_TO_CLOSE");
    // the call went out and never answered: the function ran, and ran too long
    assertThat(types("slow", run))
        .containsSubsequence(
            EventType.LAMBDA_FUNCTION_SCHEDULED,
            EventType.LAMBDA_FUNCTION_STARTED,
            EventType.LAMBDA_FUNCTION_TIMED_OUT);
    HistoryEvent started =
        history("slow", run).stream()
            .filter(e -> e.eventType() == EventType.LAMBDA_FUNCTION_STARTED)
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.lambdaFunctionTimedOutEventAttributes().startedEventId())
        .isEqualTo(started.eventId());
    drain("slow");
  }

  /**
   * startToCloseTimeout is whole seconds from 1 to 900; anything else refuses the whole decision
   * list as an invalid decision attribute, and the decision task stays started.
   */
  @Test
  void aTimeoutOutsideOneTo900SecondsIsRefused() {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain("lam")
                        .workflowId("bad-timeout")
                        .workflowType(t -> t.name("wf").version("1")))
            .runId();
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("lam").taskList(t -> t.name("dec")));
    for (String bad : List.of("0", "901", "NONE", "-1", "1.5", "abc")) {
      var e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              software.amazon.awssdk.services.swf.model.SwfException.class,
              () ->
                  swf.respondDecisionTaskCompleted(
                      r ->
                          r.taskToken(d.taskToken())
                              .decisions(
                                  decision(
                                      x ->
                                          x.decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
                                              .scheduleLambdaFunctionDecisionAttributes(
                                                  a ->
                                                      a.id("l1")
                                                          .name("upper")
                                                          .startToCloseTimeout(bad))))));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo(
              "1 validation error detected: Value '"
                  + bad
                  + "' at 'decisions.1.member.scheduleLambdaFunctionDecisionAttributes.startToCloseTimeout'"
                  + " failed to satisfy constraint: Member must be a whole number of seconds from 1 to 900");
    }
    assertThat(types("bad-timeout", runId))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    // 1 and 900 are in range
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    decision(
                        x ->
                            x.decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
                                .scheduleLambdaFunctionDecisionAttributes(
                                    a -> a.id("l1").name("upper").startToCloseTimeout("900"))),
                    decision(
                        x ->
                            x.decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
                                .scheduleLambdaFunctionDecisionAttributes(
                                    a -> a.id("l2").name("upper").startToCloseTimeout("1")))));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                types("bad-timeout", runId).stream()
                        .filter(t -> t == EventType.LAMBDA_FUNCTION_COMPLETED)
                        .count()
                    == 2);
    drain("bad-timeout");
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
                .decisions(
                    decision(x -> x.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION))));
  }
}
