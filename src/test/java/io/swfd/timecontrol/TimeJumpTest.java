package io.swfd.timecontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedCause;

/**
 * A jump of the virtual clock (the admin API's advance, and auto-skip) fires every deadline that
 * falls inside it at its own due time and in due order: each event carries the time at which SWF
 * would have recorded it, and a deadline made moot by an earlier one in the same jump (its run
 * already closed) does not fire.
 */
class TimeJumpTest {
  static final HttpClient http = HttpClient.newHttpClient();
  RunningSwfd swfd;
  SwfClient swf;

  @BeforeEach
  void start() {
    swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)).withTimeControl(true),
            InstantSource.system());
    swf = swfd.client();
    swf.registerDomain(r -> r.name("jump").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("jump")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("600")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain("jump")
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name("work"))
                .defaultTaskScheduleToStartTimeout("400")
                .defaultTaskScheduleToCloseTimeout("NONE")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskHeartbeatTimeout("NONE"));
  }

  @AfterEach
  void stop() {
    swf.close();
    swfd.close();
  }

  JsonNode admin(String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(swfd.endpoint().resolve(path));
    b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  Instant now() throws Exception {
    // events and deadlines are kept to the millisecond
    return Instant.parse(admin("/swfd/admin/clock", null).get("iso").asText())
        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  List<HistoryEvent> history(String workflowId, String runId) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain("jump").execution(e -> e.workflowId(workflowId).runId(runId)))
        .events();
  }

  static Optional<HistoryEvent> first(List<HistoryEvent> h, EventType type) {
    return h.stream().filter(e -> e.eventType() == type).findFirst();
  }

  static Decision timer(String id, String seconds) {
    return Decision.builder()
        .decisionType(DecisionType.START_TIMER)
        .startTimerDecisionAttributes(t -> t.timerId(id).startToFireTimeout(seconds))
        .build();
  }

  static Decision activity(String id) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> a.activityId(id).activityType(t -> t.name("act").version("1")))
        .build();
  }

  String start(String workflowId, String timeout) {
    return swf.startWorkflowExecution(
            r ->
                r.domain("jump")
                    .workflowId(workflowId)
                    .workflowType(t -> t.name("wf").version("1"))
                    .executionStartToCloseTimeout(timeout))
        .runId();
  }

  void decide(String workflowId, Decision... decisions) {
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("jump").taskList(t -> t.name("dec")));
    assertThat(d.workflowExecution().workflowId()).isEqualTo(workflowId);
    swf.respondDecisionTaskCompleted(r -> r.taskToken(d.taskToken()).decisions(decisions));
  }

  @Test
  void anHourJumpStampsEachEventWithItsOwnDueTimeAndSkipsWhatTheClosedRunNoLongerOwes()
      throws Exception {
    Instant t0 = now();
    String run = start("one", "600");
    decide("one", timer("soon", "100"), activity("a"), timer("late", "1000"));

    admin("/swfd/admin/clock/advance", "{\"seconds\": 3600}");
    assertThat(now()).isEqualTo(t0.plusSeconds(3600));

    List<HistoryEvent> h = history("one", run);
    assertThat(first(h, EventType.TIMER_FIRED).orElseThrow().eventTimestamp())
        .isEqualTo(t0.plusSeconds(100));
    // the timer's firing woke the decider at once
    HistoryEvent fired = first(h, EventType.TIMER_FIRED).orElseThrow();
    assertThat(h.get(fired.eventId().intValue()).eventType())
        .isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(h.get(fired.eventId().intValue()).eventTimestamp()).isEqualTo(t0.plusSeconds(100));
    HistoryEvent activityTimeout = first(h, EventType.ACTIVITY_TASK_TIMED_OUT).orElseThrow();
    assertThat(activityTimeout.activityTaskTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("SCHEDULE_TO_START");
    assertThat(activityTimeout.eventTimestamp()).isEqualTo(t0.plusSeconds(400));
    HistoryEvent closed = h.get(h.size() - 1);
    assertThat(closed.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(closed.eventTimestamp()).isEqualTo(t0.plusSeconds(600));
    // the 1000 s timer fell after the run closed: it never fires
    assertThat(h).filteredOn(e -> e.eventType() == EventType.TIMER_FIRED).hasSize(1);
    // events are in time order
    for (int i = 1; i < h.size(); i++)
      assertThat(h.get(i).eventTimestamp()).isAfterOrEqualTo(h.get(i - 1).eventTimestamp());
    assertThat(
            swf.describeWorkflowExecution(
                    r -> r.domain("jump").execution(e -> e.workflowId("one").runId(run)))
                .executionInfo()
                .closeTimestamp())
        .isEqualTo(t0.plusSeconds(600));
  }

  @Test
  void aChildTerminatedByItsParentsTimeoutDoesNotAlsoTimeOutInTheSameJump() throws Exception {
    Instant t0 = now();
    String parent = start("parent", "200");
    decide(
        "parent",
        Decision.builder()
            .decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
            .startChildWorkflowExecutionDecisionAttributes(
                a ->
                    a.workflowId("child")
                        .workflowType(t -> t.name("wf").version("1"))
                        .executionStartToCloseTimeout("300"))
            .build());
    String child = childRunId("parent", parent);

    admin("/swfd/admin/clock/advance", "{\"duration\": \"PT1H\"}");

    assertChildTerminatedWithItsParent(t0, parent, child);
  }

  @Test
  void autoSkipStopsAtEachDeadlineToo() throws Exception {
    Instant t0 = now();
    String parent = start("parent", "200");
    decide(
        "parent",
        Decision.builder()
            .decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
            .startChildWorkflowExecutionDecisionAttributes(
                a ->
                    a.workflowId("child")
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name("kid"))
                        .executionStartToCloseTimeout("300"))
            .build());
    String child = childRunId("parent", parent);
    // nothing may wait for a poller, or the server is not idle: take every decision task
    decide("parent"); // ChildWorkflowExecutionStarted
    PollForDecisionTaskResponse k =
        swf.pollForDecisionTask(r -> r.domain("jump").taskList(t -> t.name("kid")));
    assertThat(k.workflowExecution().workflowId()).isEqualTo("child");
    swf.respondDecisionTaskCompleted(r -> r.taskToken(k.taskToken()));
    // a third run whose 1000 s timer stops the skipping (its decision task then waits for a poller)
    start("anchor", "3600");
    decide("anchor", timer("t", "1000"));

    admin("/swfd/admin/clock/auto-skip", "{\"enabled\": true}");
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> now().equals(t0.plusSeconds(1000)));
    } finally {
      admin("/swfd/admin/clock/auto-skip", "{\"enabled\": false}");
    }
    assertChildTerminatedWithItsParent(t0, parent, child);
  }

  String childRunId(String workflowId, String runId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                first(history(workflowId, runId), EventType.CHILD_WORKFLOW_EXECUTION_STARTED)
                    .isPresent());
    return first(history(workflowId, runId), EventType.CHILD_WORKFLOW_EXECUTION_STARTED)
        .orElseThrow()
        .childWorkflowExecutionStartedEventAttributes()
        .workflowExecution()
        .runId();
  }

  void assertChildTerminatedWithItsParent(Instant t0, String parent, String child) {
    List<HistoryEvent> p = history("parent", parent);
    HistoryEvent parentClosed = p.get(p.size() - 1);
    assertThat(parentClosed.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(parentClosed.eventTimestamp()).isEqualTo(t0.plusSeconds(200));
    List<HistoryEvent> c = history("child", child);
    HistoryEvent childClosed = c.get(c.size() - 1);
    assertThat(childClosed.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(childClosed.workflowExecutionTerminatedEventAttributes().cause())
        .isEqualTo(WorkflowExecutionTerminatedCause.CHILD_POLICY_APPLIED);
    assertThat(childClosed.eventTimestamp()).isEqualTo(t0.plusSeconds(200));
    // the child's own 300 s timeout was moot
    assertThat(c).noneMatch(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_TIMED_OUT);
  }
}
