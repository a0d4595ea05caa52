package io.swfd.executions.rest;

import static io.swfd.support.Decisions.marker;
import static io.swfd.support.Decisions.startChild;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.unique;
import static io.swfd.support.SwfTestClient.unknownResource;
import static io.swfd.support.SwfTestClient.validation;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.matching.TaskListKey;
import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.LimitExceededException;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedCause;

/** Limits SWF enforces: history size, tags, data sizes and concurrent pollers per task list. */
class LimitsTest {
  private static final Duration HOLD = Duration.ofSeconds(8);
  private static SwfTestClient kit;
  private static SwfClient swf;

  @BeforeAll
  static void up() {
    // long enough that a thousand pollers are all parked at once; no test here polls an empty list
    // otherwise
    kit = SwfTestClient.system(HOLD);
    swf = kit.swf();
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  private static Decision[] markers(int n) {
    Decision[] d = new Decision[n];
    for (int i = 0; i < n; i++) d[i] = marker("m" + i);
    return d;
  }

  @Test
  void historyOf25000EventsEndsTheRun() {
    String d = kit.domain("events");
    WorkflowExecution e = kit.start(d, unique("big"));
    // events: 1 started, 2 scheduled; per batch: started, completed, markers; then a signal and a
    // scheduled task
    int[] batches = {8000, 8000, 8000, 2000};
    long t0 = System.nanoTime();
    for (int b = 0; b < batches.length; b++) {
      PollForDecisionTaskResponse task = kit.decisionTask(d, e);
      kit.respond(task, markers(batches[b]));
      if (b < batches.length - 1) {
        swf.signalWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).signalName("more"));
      }
    }
    System.out.printf("25,000 events written in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    List<HistoryEvent> tail =
        swf.getWorkflowExecutionHistory(
                r -> r.domain(d).execution(e).reverseOrder(true).maximumPageSize(3))
            .events();
    HistoryEvent end = tail.get(0);
    assertThat(end.eventId()).isEqualTo(25_000);
    assertThat(end.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TERMINATED);
    var a = end.workflowExecutionTerminatedEventAttributes();
    assertThat(a.cause()).isEqualTo(WorkflowExecutionTerminatedCause.EVENT_LIMIT_EXCEEDED);
    assertThat(a.childPolicy()).isEqualTo(ChildPolicy.TERMINATE);
    assertThat(tail.get(1).eventId()).isEqualTo(24_999);
    assertThat(tail.get(1).eventType()).isEqualTo(EventType.MARKER_RECORDED);
    var info = kit.describe(d, e).executionInfo();
    assertThat(info.closeStatus()).isEqualTo(CloseStatus.TERMINATED);
    List<HistoryEvent> all = kit.history(d, e);
    assertThat(all).hasSize(25_000);
    assertThat(all.stream().filter(x -> x.eventType() == EventType.MARKER_RECORDED).count())
        .isEqualTo(24_000 + 983);
    assertThat(
            all.stream()
                .filter(x -> x.eventType() == EventType.WORKFLOW_EXECUTION_TERMINATED)
                .count())
        .isEqualTo(1);
    // nothing more can reach it
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r -> r.domain(d).workflowId(e.workflowId()).signalName("late")))))
        .startsWith("Unknown execution");
  }

  /**
   * Answers the run's decision tasks with these many markers each (a signal brings the next task);
   * after the last batch the extra decisions are added and, when {@code signalAfter}, one more
   * signal.
   */
  private void grow(
      String d, WorkflowExecution e, int[] batches, Decision extra, boolean signalAfter) {
    for (int b = 0; b < batches.length; b++) {
      PollForDecisionTaskResponse task = kit.decisionTask(d, e);
      Decision[] ds = markers(batches[b]);
      if (b == batches.length - 1 && extra != null) {
        ds = java.util.Arrays.copyOf(ds, ds.length + 1);
        ds[ds.length - 1] = extra;
      }
      kit.respond(task, ds);
      if (b < batches.length - 1 || signalAfter) {
        swf.signalWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).signalName("more"));
      }
    }
  }

  private List<HistoryEvent> tail(String d, WorkflowExecution e, int n) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain(d).execution(e).reverseOrder(true).maximumPageSize(n))
        .events();
  }

  private static void assertEndedByTheLimit(HistoryEvent end) {
    assertThat(end.eventId()).isEqualTo(25_000);
    assertThat(end.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(end.workflowExecutionTerminatedEventAttributes().cause())
        .isEqualTo(WorkflowExecutionTerminatedCause.EVENT_LIMIT_EXCEEDED);
  }

  @Test
  void aDecisionTaskThatWouldPassTheLimitIsNotHandedOut() {
    String d = kit.domain("events");
    WorkflowExecution big = kit.start(d, unique("big"), r -> r.taskList(t -> t.name("shared")));
    // ... 24,997: markers; 24,998 signaled; 24,999 decision task scheduled
    for (int b = 0; b < 4; b++) {
      PollForDecisionTaskResponse task = kit.decisionTask(d, "shared");
      kit.respond(task, markers(b < 3 ? 8000 : 981));
      swf.signalWorkflowExecution(r -> r.domain(d).workflowId(big.workflowId()).signalName("more"));
    }
    assertThat(tail(d, big, 1).get(0).eventId()).isEqualTo(24_999);
    WorkflowExecution other = kit.start(d, unique("other"), r -> r.taskList(t -> t.name("shared")));
    // starting the task would be event 25,000: the run is terminated instead and the poller gets
    // the next task
    PollForDecisionTaskResponse task = kit.decisionTask(d, "shared");
    assertThat(task.workflowExecution()).isEqualTo(other);
    List<HistoryEvent> t = tail(d, big, 2);
    assertEndedByTheLimit(t.get(0));
    assertThat(t.get(1).eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(kit.describe(d, big).openCounts().openDecisionTasks()).isZero();
  }

  @Test
  void anActivityTaskThatWouldPassTheLimitIsNotHandedOut() {
    String d = kit.domain("events");
    String list = unique("work");
    WorkflowExecution big = kit.start(d, unique("big"));
    Decision schedule =
        Decision.builder()
            .decisionType(
                software.amazon.awssdk.services.swf.model.DecisionType.SCHEDULE_ACTIVITY_TASK)
            .scheduleActivityTaskDecisionAttributes(
                a ->
                    a.activityId("last")
                        .activityType(t -> t.name(SwfTestClient.ACT).version(SwfTestClient.V))
                        .taskList(t -> t.name(list)))
            .build();
    // ... 24,998: markers; 24,999: ActivityTaskScheduled
    grow(d, big, new int[] {8000, 8000, 8000, 982}, schedule, false);
    assertThat(tail(d, big, 1).get(0).eventType()).isEqualTo(EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(tail(d, big, 1).get(0).eventId()).isEqualTo(24_999);
    WorkflowExecution other = kit.start(d, unique("other"));
    kit.decide(d, other, schedule);
    var task = swf.pollForActivityTask(r -> r.domain(d).taskList(t -> t.name(list)));
    assertThat(task.taskToken()).isNotNull();
    assertThat(task.workflowExecution()).isEqualTo(other);
    assertEndedByTheLimit(tail(d, big, 1).get(0));
  }

  @Test
  void atMostFiveTags() {
    String d = kit.domain("tags");
    String msg =
        message(
            validation(
                () ->
                    swf.startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId(unique("w"))
                                .workflowType(
                                    t -> t.name(SwfTestClient.WF).version(SwfTestClient.V))
                                .tagList("1", "2", "3", "4", "5", "6"))));
    assertThat(msg).contains("tagList");
    WorkflowExecution five = kit.start(d, unique("w"), r -> r.tagList("1", "2", "3", "4", "5"));
    assertThat(kit.describe(d, five).executionInfo().tagList())
        .containsExactly("1", "2", "3", "4", "5");
    // in decisions too: the whole request is refused and the task can still be answered
    PollForDecisionTaskResponse task = kit.decisionTask(d, five);
    validation(
        () ->
            kit.respond(
                task, startChild(unique("c"), a -> a.tagList("1", "2", "3", "4", "5", "6"))));
    validation(
        () ->
            kit.respond(
                task, Decisions.continueAsNew(a -> a.tagList("1", "2", "3", "4", "5", "6"))));
    kit.respond(task, Decisions.complete("ok"));
    assertThat(kit.describe(d, five).executionInfo().closeStatus())
        .isEqualTo(CloseStatus.COMPLETED);
  }

  @Test
  void dataIsAtMost32768Characters() {
    String d = kit.domain("data");
    String max = "é".repeat(32_768); // characters, not bytes
    String over = "x".repeat(32_769);
    String msg =
        message(
            validation(
                () ->
                    swf.startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId(unique("w"))
                                .workflowType(
                                    t -> t.name(SwfTestClient.WF).version(SwfTestClient.V))
                                .input(over))));
    assertThat(msg).contains("input").contains("32768");
    WorkflowExecution e = kit.start(d, unique("w"), r -> r.input(max));
    assertThat(kit.history(d, e).get(0).workflowExecutionStartedEventAttributes().input())
        .isEqualTo(max);
    validation(
        () ->
            swf.signalWorkflowExecution(
                r -> r.domain(d).workflowId(e.workflowId()).signalName("s").input(over)));
    swf.signalWorkflowExecution(
        r -> r.domain(d).workflowId(e.workflowId()).signalName("s").input(max));
    PollForDecisionTaskResponse task = kit.decisionTask(d, e);
    validation(() -> kit.respond(task, Decisions.complete(over)));
    validation(() -> kit.respond(task, Decisions.signal(e.workflowId(), null, "s", over, null)));
    validation(
        () ->
            swf.terminateWorkflowExecution(
                r -> r.domain(d).workflowId(e.workflowId()).details(over)));
    kit.respond(task, Decisions.complete(max));
    assertThat(
            SwfTestClient.last(kit.history(d, e))
                .workflowExecutionCompletedEventAttributes()
                .result())
        .isEqualTo(max);
  }

  // --- concurrent pollers ---

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private static HttpRequest signedPoll(URI endpoint, String domain, String list) {
    byte[] body =
        ("{\"domain\":\"" + domain + "\",\"taskList\":{\"name\":\"" + list + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    URI uri = endpoint.resolve("/");
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "SimpleWorkflowService.PollForDecisionTask")
            .build();
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(AwsCredentialsIdentity.create("AKIDSWFDTEST", "secret"))
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "swf")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
      for (String v : h.getValue()) b.header(h.getKey(), v);
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  @Test
  void aThousandPollersPerTaskListAtMost() throws Exception {
    String d = kit.domain("pollers");
    String list = unique("crowded");
    TaskListKey key = new TaskListKey("us-east-1", d, TaskListKey.Kind.DECISION, list);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < 1000; i++) {
      polls.add(
          http.sendAsync(
              signedPoll(kit.swfd().endpoint(), d, list), HttpResponse.BodyHandlers.ofString()));
    }
    await()
        .atMost(HOLD.toSeconds() - 1, SECONDS)
        .pollInterval(50, MILLISECONDS)
        .until(() -> kit.swfd().server().queues().parked(key) == 1000);
    System.out.printf("1,000 pollers parked in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    LimitExceededException refused =
        fault(
            LimitExceededException.class,
            "LimitExceededFault",
            () -> swf.pollForDecisionTask(r -> r.domain(d).taskList(t -> t.name(list))));
    assertThat(refused.awsErrorDetails().errorMessage())
        .isEqualTo("Limit on maximum concurrent poll requests per task list reached");
    // other lists are not affected
    WorkflowExecution e = kit.start(d, unique("elsewhere"));
    assertThat(kit.decisionTask(d, e).taskToken()).isNotNull();

    // a task on the crowded list goes to one of the parked pollers
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId(unique("w"))
                        .workflowType(t -> t.name(SwfTestClient.WF).version(SwfTestClient.V))
                        .taskList(t -> t.name(list)))
            .runId();
    CompletableFuture.allOf(polls.toArray(new CompletableFuture<?>[0]))
        .get(HOLD.toSeconds() + 30, TimeUnit.SECONDS);
    long withTask =
        polls.stream()
            .map(CompletableFuture::join)
            .peek(r -> assertThat(r.statusCode()).isEqualTo(200))
            .filter(r -> r.body().contains("taskToken"))
            .count();
    assertThat(withTask).isEqualTo(1);
    assertThat(
            polls.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.body().contains(runId))
                .count())
        .isEqualTo(1);
    // once they are gone, polling works again
    assertThat(kit.swfd().server().queues().parked(key)).isZero();
    String second =
        swf.startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId(unique("w"))
                        .workflowType(t -> t.name(SwfTestClient.WF).version(SwfTestClient.V))
                        .taskList(t -> t.name(list)))
            .runId();
    assertThat(kit.decisionTask(d, list).workflowExecution().runId()).isEqualTo(second);
  }
}
