package io.swfd.executions.timeouts;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/**
 * What the timeout tests share: one domain with one workflow type and one activity type (no
 * activity defaults, so every decision states its four timeouts), runs with their own decision and
 * activity task lists, and waits for history events.
 */
final class Fixture {
  static final String WF = "wf";
  static final String ACT = "act";
  private static final AtomicInteger SEQ = new AtomicInteger();

  final SwfClient swf;
  final String domain;

  Fixture(RunningSwfd swfd, String domain) {
    this.swf = swfd.client();
    this.domain = domain;
    swf.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(domain)
                .name(WF)
                .version("1")
                .defaultExecutionStartToCloseTimeout("31536000")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(r -> r.domain(domain).name(ACT).version("1"));
  }

  /**
   * A started run; its decision tasks go to {@code decisions}, its activities to {@code
   * activities}.
   */
  record Run(String workflowId, String runId, String decisions, String activities) {}

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  Run start() {
    return start("31536000", "NONE");
  }

  Run start(String executionTimeout, String taskTimeout) {
    String id = unique("w");
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(domain)
                        .workflowId(id)
                        .workflowType(t -> t.name(WF).version("1"))
                        .taskList(t -> t.name(id + "-dec"))
                        .executionStartToCloseTimeout(executionTimeout)
                        .taskStartToCloseTimeout(taskTimeout))
            .runId();
    return new Run(id, runId, id + "-dec", id + "-act");
  }

  PollForDecisionTaskResponse pollDecision(Run run) {
    return pollDecision(run, "decider");
  }

  PollForDecisionTaskResponse pollDecision(Run run, String identity) {
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(
            r ->
                r.domain(domain)
                    .taskList(t -> t.name(run.decisions()))
                    .identity(identity)
                    .maximumPageSize(1000));
    assertThat(d.taskToken()).as("a decision task for %s", run.workflowId()).isNotBlank();
    assertThat(d.workflowExecution().runId()).isEqualTo(run.runId());
    return d;
  }

  void decide(PollForDecisionTaskResponse task, Decision... decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(task.taskToken()).decisions(decisions));
  }

  /** Polls the run's (first) decision task and answers it with {@code decisions}. */
  void firstDecision(Run run, Decision... decisions) {
    decide(pollDecision(run), decisions);
  }

  PollForActivityTaskResponse pollActivity(Run run) {
    PollForActivityTaskResponse a =
        swf.pollForActivityTask(
            r -> r.domain(domain).taskList(t -> t.name(run.activities())).identity("worker"));
    assertThat(a.taskToken()).as("an activity task for %s", run.workflowId()).isNotBlank();
    return a;
  }

  int pendingActivities(Run run) {
    return swf.countPendingActivityTasks(
            r -> r.domain(domain).taskList(t -> t.name(run.activities())))
        .count();
  }

  // --- decisions ---

  static Decision schedule(
      Run run, String activityId, String s2s, String s2c, String stc, String hb) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a ->
                a.activityId(activityId)
                    .activityType(t -> t.name(ACT).version("1"))
                    .taskList(t -> t.name(run.activities()))
                    .input("in-" + activityId)
                    .scheduleToStartTimeout(s2s)
                    .scheduleToCloseTimeout(s2c)
                    .startToCloseTimeout(stc)
                    .heartbeatTimeout(hb))
        .build();
  }

  static Decision cancelActivity(String activityId) {
    return Decision.builder()
        .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
        .requestCancelActivityTaskDecisionAttributes(a -> a.activityId(activityId))
        .build();
  }

  static Decision startTimer(String timerId, String seconds) {
    return Decision.builder()
        .decisionType(DecisionType.START_TIMER)
        .startTimerDecisionAttributes(
            a -> a.timerId(timerId).startToFireTimeout(seconds).control("c-" + timerId))
        .build();
  }

  static Decision cancelTimer(String timerId) {
    return Decision.builder()
        .decisionType(DecisionType.CANCEL_TIMER)
        .cancelTimerDecisionAttributes(a -> a.timerId(timerId))
        .build();
  }

  static Decision complete() {
    return Decision.builder()
        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
        .completeWorkflowExecutionDecisionAttributes(c -> c.result("done"))
        .build();
  }

  // --- history ---

  List<HistoryEvent> history(Run run) {
    List<HistoryEvent> all = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(
            r -> r.domain(domain).execution(e -> e.workflowId(run.workflowId()).runId(run.runId())))
        .forEach(p -> all.addAll(p.events()));
    return all;
  }

  List<HistoryEvent> events(Run run, EventType type) {
    return history(run).stream().filter(e -> e.eventType() == type).toList();
  }

  /**
   * Waits (the deadline fires on the timer thread) until the run has {@code n} events of that type;
   * returns the last.
   */
  HistoryEvent awaitEvent(Run run, EventType type, int n) {
    await()
        .atMost(5, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(() -> events(run, type).size() >= n);
    List<HistoryEvent> found = events(run, type);
    assertThat(found).as("%s events", type).hasSize(n);
    return found.get(n - 1);
  }

  HistoryEvent awaitEvent(Run run, EventType type) {
    return awaitEvent(run, type, 1);
  }

  /** The history does not change for a while (a deadline that must not fire has had its chance). */
  void assertHistoryStays(Run run, int size) {
    await()
        .during(300, MILLISECONDS)
        .atMost(2, SECONDS)
        .pollInterval(50, MILLISECONDS)
        .until(() -> history(run).size() == size);
  }

  static HistoryEvent last(List<HistoryEvent> history) {
    return history.get(history.size() - 1);
  }

  static HistoryEvent after(List<HistoryEvent> history, HistoryEvent e) {
    return history.stream().filter(x -> x.eventId() == e.eventId() + 1).findFirst().orElseThrow();
  }

  // --- faults ---

  static UnknownResourceException unknownResource(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t)
        .as("expected UnknownResourceFault")
        .isExactlyInstanceOf(UnknownResourceException.class);
    UnknownResourceException e = (UnknownResourceException) t;
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownResourceFault");
    return e;
  }

  static String message(UnknownResourceException e) {
    return e.awsErrorDetails().errorMessage();
  }

  /**
   * The heartbeat, the completion and the failure of a closed activity task are all refused the
   * same way.
   */
  void assertActivityTokenVoid(String token, long scheduledEventId) {
    String expected = "Unknown activity, scheduledEventId = " + scheduledEventId;
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.recordActivityTaskHeartbeat(r -> r.taskToken(token).details("late")))))
        .isEqualTo(expected);
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.respondActivityTaskCompleted(r -> r.taskToken(token).result("late")))))
        .isEqualTo(expected);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskFailed(r -> r.taskToken(token).reason("late")))))
        .isEqualTo(expected);
  }

  static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
