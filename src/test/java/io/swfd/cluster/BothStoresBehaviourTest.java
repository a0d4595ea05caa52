package io.swfd.cluster;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.support.TestPostgres;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;

/**
 * The same SWF behaviour through the SDK on the embedded SQLite store and on PostgreSQL (one node):
 * a workflow with an activity and heartbeats, timers and timeouts on a controllable clock, child
 * workflows and continue-as-new, signals and visibility, and a restart with open work.
 */
class BothStoresBehaviourTest {
  static final Map<String, RunningSwfd> servers = new HashMap<>();
  static final Map<String, ManualClock> clocks = new HashMap<>();
  static final AtomicInteger SEQ = new AtomicInteger();
  static final String DOMAIN = "both";

  @BeforeAll
  static void start() {
    for (String store : List.of("sqlite", "postgresql")) {
      ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
      ServerConfig config = ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1));
      if (store.equals("postgresql")) config = config.withStore(TestPostgres.newDatabase("both"));
      RunningSwfd swfd = new RunningSwfd(config, clock);
      servers.put(store, swfd);
      clocks.put(store, clock);
      SwfClient swf = swfd.client();
      swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain(DOMAIN)
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("unused"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("30")
                  .defaultChildPolicy("TERMINATE"));
      swf.registerActivityType(
          r ->
              r.domain(DOMAIN)
                  .name("act")
                  .version("1")
                  .defaultTaskScheduleToStartTimeout("60")
                  .defaultTaskScheduleToCloseTimeout("120")
                  .defaultTaskStartToCloseTimeout("60")
                  .defaultTaskHeartbeatTimeout("NONE"));
    }
  }

  @AfterAll
  static void stop() {
    servers.values().forEach(RunningSwfd::close);
  }

  record Run(String workflowId, String runId, String list) {}

  static Run start(SwfClient swf, String tag) {
    String id = "w" + SEQ.incrementAndGet();
    String list = id + "-dec";
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId(id)
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name(list))
                        .tagList(tag)
                        .input("in-" + id))
            .runId();
    return new Run(id, runId, list);
  }

  static PollForDecisionTaskResponse decision(SwfClient swf, String list) {
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain(DOMAIN).taskList(t -> t.name(list)));
    assertThat(d.taskToken()).as("a decision task on %s", list).isNotBlank();
    return d;
  }

  static void respond(SwfClient swf, PollForDecisionTaskResponse d, Decision... decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(d.taskToken()).decisions(decisions));
  }

  static List<HistoryEvent> history(SwfClient swf, String workflowId, String runId) {
    List<HistoryEvent> out = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(
            r -> r.domain(DOMAIN).execution(e -> e.workflowId(workflowId).runId(runId)))
        .events()
        .forEach(out::add);
    return out;
  }

  static List<EventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::eventType).toList();
  }

  static Decision activity(String id, String list) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a ->
                a.activityId(id)
                    .activityType(t -> t.name("act").version("1"))
                    .taskList(t -> t.name(list))
                    .input("x"))
        .build();
  }

  static Decision complete(String result) {
    return Decision.builder()
        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
        .completeWorkflowExecutionDecisionAttributes(c -> c.result(result))
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aWorkflowWithAnActivityAndHeartbeatsRunsToCompletion(String store) {
    SwfClient swf = servers.get(store).client();
    Run run = start(swf, "e2e");
    PollForDecisionTaskResponse d1 = decision(swf, run.list());
    assertThat(types(d1.events()))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    respond(swf, d1, activity("a1", run.list() + "-act"));
    PollForActivityTaskResponse a =
        swf.pollForActivityTask(r -> r.domain(DOMAIN).taskList(t -> t.name(run.list() + "-act")));
    assertThat(a.activityId()).isEqualTo("a1");
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("half"))
                .cancelRequested())
        .isFalse();
    swf.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("out"));
    PollForDecisionTaskResponse d2 = decision(swf, run.list());
    assertThat(d2.previousStartedEventId()).isEqualTo(3);
    respond(swf, d2, complete("done"));
    List<HistoryEvent> h = history(swf, run.workflowId(), run.runId());
    assertThat(types(h))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_STARTED,
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(h.get(6).activityTaskCompletedEventAttributes().result()).isEqualTo("out");
    assertThat(h.get(10).workflowExecutionCompletedEventAttributes().result()).isEqualTo("done");
    // a second run of a closed workflowId may start; two open ones may not
    Run again = start(swf, "e2e");
    assertThatThrownBy(
            () ->
                swf.startWorkflowExecution(
                    r ->
                        r.domain(DOMAIN)
                            .workflowId(again.workflowId())
                            .workflowType(t -> t.name("wf").version("1"))
                            .taskList(t -> t.name("x"))))
        .isInstanceOf(WorkflowExecutionAlreadyStartedException.class);
    swf.terminateWorkflowExecution(r -> r.domain(DOMAIN).workflowId(again.workflowId()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void timersAndHeartbeatTimeoutsFireOnTheServersClock(String store) {
    SwfClient swf = servers.get(store).client();
    ManualClock clock = clocks.get(store);
    Run run = start(swf, "timers");
    respond(
        swf,
        decision(swf, run.list()),
        Decision.builder()
            .decisionType(DecisionType.START_TIMER)
            .startTimerDecisionAttributes(t -> t.timerId("t1").startToFireTimeout("300"))
            .build(),
        Decision.builder()
            .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
            .scheduleActivityTaskDecisionAttributes(
                a ->
                    a.activityId("hb")
                        .activityType(t -> t.name("act").version("1"))
                        .taskList(t -> t.name(run.list() + "-act"))
                        .heartbeatTimeout("20"))
            .build());
    PollForActivityTaskResponse a =
        swf.pollForActivityTask(r -> r.domain(DOMAIN).taskList(t -> t.name(run.list() + "-act")));
    clock.advance(Duration.ofSeconds(15));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("still here"));
    clock.advance(
        Duration.ofSeconds(15)); // 30 s after the start, 15 s after the heartbeat: not yet
    clock.advance(Duration.ofSeconds(10)); // 25 s after the heartbeat: timed out
    await()
        .atMost(5, SECONDS)
        .until(
            () ->
                types(history(swf, run.workflowId(), run.runId()))
                    .contains(EventType.ACTIVITY_TASK_TIMED_OUT));
    clock.advance(Duration.ofMinutes(5));
    await()
        .atMost(5, SECONDS)
        .until(
            () ->
                types(history(swf, run.workflowId(), run.runId())).contains(EventType.TIMER_FIRED));
    List<HistoryEvent> h = history(swf, run.workflowId(), run.runId());
    HistoryEvent timedOut =
        h.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT)
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.activityTaskTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("HEARTBEAT");
    assertThat(timedOut.activityTaskTimedOutEventAttributes().details()).isEqualTo("still here");
    assertThat(h.stream().filter(e -> e.eventType() == EventType.TIMER_FIRED)).hasSize(1);
    swf.terminateWorkflowExecution(r -> r.domain(DOMAIN).workflowId(run.workflowId()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void childWorkflowsAndContinueAsNew(String store) {
    SwfClient swf = servers.get(store).client();
    Run parent = start(swf, "family");
    String childId = parent.workflowId() + "-child";
    String childList = parent.workflowId() + "-child-dec";
    respond(
        swf,
        decision(swf, parent.list()),
        Decision.builder()
            .decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
            .startChildWorkflowExecutionDecisionAttributes(
                c ->
                    c.workflowId(childId)
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name(childList))
                        .childPolicy(ChildPolicy.TERMINATE)
                        .input("child-in"))
            .build());
    PollForDecisionTaskResponse c1 = decision(swf, childList);
    assertThat(
            c1.events()
                .get(0)
                .workflowExecutionStartedEventAttributes()
                .parentWorkflowExecution()
                .workflowId())
        .isEqualTo(parent.workflowId());
    // the child continues as new once, then completes
    respond(
        swf,
        c1,
        Decision.builder()
            .decisionType(DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
            .continueAsNewWorkflowExecutionDecisionAttributes(
                c -> c.input("second").taskList(t -> t.name(childList)))
            .build());
    PollForDecisionTaskResponse c2 = decision(swf, childList);
    assertThat(c2.workflowExecution().workflowId()).isEqualTo(childId);
    assertThat(c2.workflowExecution().runId()).isNotEqualTo(c1.workflowExecution().runId());
    assertThat(c2.events().get(0).workflowExecutionStartedEventAttributes().input())
        .isEqualTo("second");
    respond(swf, c2, complete("child-done"));

    // the parent hears of its child's start; the continued child has no parent to tell
    PollForDecisionTaskResponse p2 = decision(swf, parent.list());
    assertThat(types(p2.events())).contains(EventType.CHILD_WORKFLOW_EXECUTION_STARTED);
    respond(swf, p2, complete("parent-done"));
    List<HistoryEvent> first = history(swf, childId, c1.workflowExecution().runId());
    assertThat(first.get(first.size() - 1).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    var closed =
        swf.listClosedWorkflowExecutions(
                r ->
                    r.domain(DOMAIN)
                        .executionFilter(f -> f.workflowId(childId))
                        .startTimeFilter(f -> f.oldestDate(Instant.parse("2029-01-01T00:00:00Z"))))
            .executionInfos();
    assertThat(closed)
        .extracting(i -> i.closeStatusAsString())
        .containsExactlyInAnyOrder("CONTINUED_AS_NEW", "COMPLETED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void signalsCancelRequestsAndVisibility(String store) {
    SwfClient swf = servers.get(store).client();
    String tag = "vis-" + store;
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) runs.add(start(swf, tag));
    for (int i = 0; i < 3; i++) {
      String input = "s" + i;
      swf.signalWorkflowExecution(
          r -> r.domain(DOMAIN).workflowId(runs.get(0).workflowId()).signalName("go").input(input));
    }
    swf.requestCancelWorkflowExecution(r -> r.domain(DOMAIN).workflowId(runs.get(1).workflowId()));
    swf.terminateWorkflowExecution(
        r -> r.domain(DOMAIN).workflowId(runs.get(2).workflowId()).reason("enough"));

    List<HistoryEvent> h0 = history(swf, runs.get(0).workflowId(), runs.get(0).runId());
    assertThat(
            h0.stream()
                .filter(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_SIGNALED)
                .map(e -> e.workflowExecutionSignaledEventAttributes().input()))
        .containsExactly("s0", "s1", "s2");
    assertThat(types(history(swf, runs.get(1).workflowId(), runs.get(1).runId())))
        .contains(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED);

    Instant oldest = Instant.parse("2029-01-01T00:00:00Z");
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r ->
                        r.domain(DOMAIN)
                            .startTimeFilter(f -> f.oldestDate(oldest))
                            .tagFilter(t -> t.tag(tag)))
                .count())
        .isEqualTo(4);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(DOMAIN)
                            .startTimeFilter(f -> f.oldestDate(oldest))
                            .tagFilter(t -> t.tag(tag)))
                .count())
        .isEqualTo(1);
    var page1 =
        swf.listOpenWorkflowExecutions(
            r ->
                r.domain(DOMAIN)
                    .startTimeFilter(f -> f.oldestDate(oldest))
                    .tagFilter(t -> t.tag(tag))
                    .maximumPageSize(3));
    assertThat(page1.executionInfos()).hasSize(3);
    var page2 =
        swf.listOpenWorkflowExecutions(
            r ->
                r.domain(DOMAIN)
                    .startTimeFilter(f -> f.oldestDate(oldest))
                    .tagFilter(t -> t.tag(tag))
                    .maximumPageSize(3)
                    .nextPageToken(page1.nextPageToken()));
    assertThat(page2.executionInfos()).hasSize(1);
    assertThat(
            swf.countPendingDecisionTasks(
                    r -> r.domain(DOMAIN).taskList(t -> t.name(runs.get(0).list())))
                .count())
        .isEqualTo(1);
    for (Run r : runs) {
      if (!r.equals(runs.get(2)))
        swf.terminateWorkflowExecution(t -> t.domain(DOMAIN).workflowId(r.workflowId()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void openWorkAndDeadlinesSurviveARestart(String store) {
    RunningSwfd swfd = servers.get(store);
    ManualClock clock = clocks.get(store);
    SwfClient swf = swfd.client();
    Run run = start(swf, "restart");
    respond(
        swf,
        decision(swf, run.list()),
        Decision.builder()
            .decisionType(DecisionType.START_TIMER)
            .startTimerDecisionAttributes(t -> t.timerId("after-restart").startToFireTimeout("60"))
            .build(),
        activity("pending", run.list() + "-act"));
    swfd.restart();
    SwfClient again = swfd.client();
    assertThat(
            again
                .countPendingActivityTasks(
                    r -> r.domain(DOMAIN).taskList(t -> t.name(run.list() + "-act")))
                .count())
        .isEqualTo(1);
    PollForActivityTaskResponse a =
        again.pollForActivityTask(r -> r.domain(DOMAIN).taskList(t -> t.name(run.list() + "-act")));
    assertThat(a.activityId()).isEqualTo("pending");
    again.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("after"));
    clock.advance(Duration.ofSeconds(61));
    await()
        .atMost(5, SECONDS)
        .until(
            () ->
                types(history(again, run.workflowId(), run.runId()))
                    .contains(EventType.TIMER_FIRED));
    PollForDecisionTaskResponse d = decision(again, run.list());
    assertThat(types(d.events()))
        .contains(EventType.ACTIVITY_TASK_COMPLETED, EventType.TIMER_FIRED);
    respond(again, d, complete("ok"));
  }
}
