package io.swfd.cluster;

import static io.swfd.support.Decisions.complete;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.types;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfTestClient;
import io.swfd.support.SwfTestClient.Run;
import io.swfd.support.TestPostgres;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  static final Map<String, SwfTestClient> clients = new HashMap<>();
  static final Map<String, String> domains = new HashMap<>();

  @BeforeAll
  static void start() {
    for (String store : List.of("sqlite", "postgresql")) {
      ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
      ServerConfig config = ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1));
      if (store.equals("postgresql")) config = config.withStore(TestPostgres.newDatabase("both"));
      RunningSwfd swfd = new RunningSwfd(config, clock);
      servers.put(store, swfd);
      SwfTestClient c = new SwfTestClient(swfd, clock);
      clients.put(store, c);
      domains.put(store, c.domain("both"));
    }
  }

  @AfterAll
  static void stop() {
    clients.values().forEach(SwfTestClient::close);
    servers.values().forEach(RunningSwfd::close);
  }

  /** A run of wf/1 tagged {@code tag}, with input "in-" + its workflowId. */
  static Run start(String store, String tag) {
    String id = SwfTestClient.unique("w");
    return clients
        .get(store)
        .startRun(domains.get(store), id, r -> r.tagList(tag).input("in-" + id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aWorkflowWithAnActivityAndHeartbeatsRunsToCompletion(String store) {
    SwfTestClient client = clients.get(store);
    SwfClient swf = client.swf();
    String domain = domains.get(store);
    Run run = start(store, "e2e");
    PollForDecisionTaskResponse d1 = client.decisionTask(run);
    assertThat(types(d1.events()))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    client.respond(d1, schedule("a1", a -> a.taskList(t -> t.name(run.activities())).input("x")));
    PollForActivityTaskResponse a = client.activityTask(run);
    assertThat(a.activityId()).isEqualTo("a1");
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("half"))
                .cancelRequested())
        .isFalse();
    swf.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("out"));
    PollForDecisionTaskResponse d2 = client.decisionTask(run);
    assertThat(d2.previousStartedEventId()).isEqualTo(3);
    client.respond(d2, complete("done"));
    List<HistoryEvent> h = client.history(run);
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
    Run again = start(store, "e2e");
    fault(
        WorkflowExecutionAlreadyStartedException.class,
        "WorkflowExecutionAlreadyStartedFault",
        () ->
            swf.startWorkflowExecution(
                r ->
                    r.domain(domain)
                        .workflowId(again.workflowId())
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name("x"))));
    swf.terminateWorkflowExecution(r -> r.domain(domain).workflowId(again.workflowId()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void timersAndHeartbeatTimeoutsFireOnTheServersClock(String store) {
    SwfTestClient client = clients.get(store);
    SwfClient swf = client.swf();
    String domain = domains.get(store);
    Run run = start(store, "timers");
    client.respond(
        client.decisionTask(run),
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
                        .taskList(t -> t.name(run.activities()))
                        .heartbeatTimeout("20"))
            .build());
    PollForActivityTaskResponse a = client.activityTask(run);
    client.advance(Duration.ofSeconds(15));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("still here"));
    client.advance(
        Duration.ofSeconds(15)); // 30 s after the start, 15 s after the heartbeat: not yet
    client.advance(Duration.ofSeconds(10)); // 25 s after the heartbeat: timed out
    await()
        .atMost(5, SECONDS)
        .until(() -> types(client.history(run)).contains(EventType.ACTIVITY_TASK_TIMED_OUT));
    client.advance(Duration.ofMinutes(5));
    await()
        .atMost(5, SECONDS)
        .until(() -> types(client.history(run)).contains(EventType.TIMER_FIRED));
    List<HistoryEvent> h = client.history(run);
    HistoryEvent timedOut =
        h.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT)
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.activityTaskTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("HEARTBEAT");
    assertThat(timedOut.activityTaskTimedOutEventAttributes().details()).isEqualTo("still here");
    assertThat(h.stream().filter(e -> e.eventType() == EventType.TIMER_FIRED)).hasSize(1);
    swf.terminateWorkflowExecution(r -> r.domain(domain).workflowId(run.workflowId()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void childWorkflowsAndContinueAsNew(String store) {
    SwfTestClient client = clients.get(store);
    SwfClient swf = client.swf();
    String domain = domains.get(store);
    Run parent = start(store, "family");
    String childId = parent.workflowId() + "-child";
    String childList = parent.workflowId() + "-child-dec";
    client.respond(
        client.decisionTask(parent),
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
    PollForDecisionTaskResponse c1 = client.decisionTask(domain, childList);
    assertThat(
            c1.events()
                .get(0)
                .workflowExecutionStartedEventAttributes()
                .parentWorkflowExecution()
                .workflowId())
        .isEqualTo(parent.workflowId());
    // the child continues as new once, then completes
    client.respond(
        c1,
        Decision.builder()
            .decisionType(DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
            .continueAsNewWorkflowExecutionDecisionAttributes(
                c -> c.input("second").taskList(t -> t.name(childList)))
            .build());
    PollForDecisionTaskResponse c2 = client.decisionTask(domain, childList);
    assertThat(c2.workflowExecution().workflowId()).isEqualTo(childId);
    assertThat(c2.workflowExecution().runId()).isNotEqualTo(c1.workflowExecution().runId());
    assertThat(c2.events().get(0).workflowExecutionStartedEventAttributes().input())
        .isEqualTo("second");
    client.respond(c2, complete("child-done"));

    // the parent hears of its child's start; the continued child has no parent to tell
    PollForDecisionTaskResponse p2 = client.decisionTask(parent);
    assertThat(types(p2.events())).contains(EventType.CHILD_WORKFLOW_EXECUTION_STARTED);
    client.respond(p2, complete("parent-done"));
    List<HistoryEvent> first = client.history(domain, c1.workflowExecution());
    assertThat(first.get(first.size() - 1).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    var closed =
        swf.listClosedWorkflowExecutions(
                r ->
                    r.domain(domain)
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
    SwfTestClient client = clients.get(store);
    SwfClient swf = client.swf();
    String domain = domains.get(store);
    String tag = "vis-" + store;
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) runs.add(start(store, tag));
    for (int i = 0; i < 3; i++) {
      String input = "s" + i;
      swf.signalWorkflowExecution(
          r -> r.domain(domain).workflowId(runs.get(0).workflowId()).signalName("go").input(input));
    }
    swf.requestCancelWorkflowExecution(r -> r.domain(domain).workflowId(runs.get(1).workflowId()));
    swf.terminateWorkflowExecution(
        r -> r.domain(domain).workflowId(runs.get(2).workflowId()).reason("enough"));

    List<HistoryEvent> h0 = client.history(runs.get(0));
    assertThat(
            h0.stream()
                .filter(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_SIGNALED)
                .map(e -> e.workflowExecutionSignaledEventAttributes().input()))
        .containsExactly("s0", "s1", "s2");
    assertThat(types(client.history(runs.get(1))))
        .contains(EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED);

    Instant oldest = Instant.parse("2029-01-01T00:00:00Z");
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r ->
                        r.domain(domain)
                            .startTimeFilter(f -> f.oldestDate(oldest))
                            .tagFilter(t -> t.tag(tag)))
                .count())
        .isEqualTo(4);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(domain)
                            .startTimeFilter(f -> f.oldestDate(oldest))
                            .tagFilter(t -> t.tag(tag)))
                .count())
        .isEqualTo(1);
    var page1 =
        swf.listOpenWorkflowExecutions(
            r ->
                r.domain(domain)
                    .startTimeFilter(f -> f.oldestDate(oldest))
                    .tagFilter(t -> t.tag(tag))
                    .maximumPageSize(3));
    assertThat(page1.executionInfos()).hasSize(3);
    var page2 =
        swf.listOpenWorkflowExecutions(
            r ->
                r.domain(domain)
                    .startTimeFilter(f -> f.oldestDate(oldest))
                    .tagFilter(t -> t.tag(tag))
                    .maximumPageSize(3)
                    .nextPageToken(page1.nextPageToken()));
    assertThat(page2.executionInfos()).hasSize(1);
    assertThat(
            swf.countPendingDecisionTasks(
                    r -> r.domain(domain).taskList(t -> t.name(runs.get(0).decisions())))
                .count())
        .isEqualTo(1);
    for (Run r : runs) {
      if (!r.equals(runs.get(2)))
        swf.terminateWorkflowExecution(t -> t.domain(domain).workflowId(r.workflowId()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void openWorkAndDeadlinesSurviveARestart(String store) {
    RunningSwfd swfd = servers.get(store);
    SwfTestClient client = clients.get(store);
    String domain = domains.get(store);
    Run run = start(store, "restart");
    client.respond(
        client.decisionTask(run),
        Decision.builder()
            .decisionType(DecisionType.START_TIMER)
            .startTimerDecisionAttributes(t -> t.timerId("after-restart").startToFireTimeout("60"))
            .build(),
        schedule("pending", a -> a.taskList(t -> t.name(run.activities())).input("x")));
    swfd.restart();
    assertThat(
            client
                .swf()
                .countPendingActivityTasks(
                    r -> r.domain(domain).taskList(t -> t.name(run.activities())))
                .count())
        .isEqualTo(1);
    PollForActivityTaskResponse a = client.activityTask(run);
    assertThat(a.activityId()).isEqualTo("pending");
    client.swf().respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("after"));
    client.advance(Duration.ofSeconds(61));
    await()
        .atMost(5, SECONDS)
        .until(() -> types(client.history(run)).contains(EventType.TIMER_FIRED));
    PollForDecisionTaskResponse d = client.decisionTask(run);
    assertThat(types(d.events()))
        .contains(EventType.ACTIVITY_TASK_COMPLETED, EventType.TIMER_FIRED);
    client.respond(d, complete("ok"));
  }
}
