package io.swfd.executions.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.swfd.support.RunningSwfd;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.ScheduleActivityTaskDecisionAttributes;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * One swfd for a test class, an SDK v2 client on it, and the few steps every decision test repeats:
 * a fresh domain with a fully defaulted workflow type and activity type, starting a run, taking its
 * decision and activity tasks, answering them, and reading the history back.
 */
final class Harness implements AutoCloseable {
  static final String WF = "wf";
  static final String ACT = "act";
  static final String V = "1";
  private static final AtomicInteger SEQ = new AtomicInteger();

  final RunningSwfd swfd;
  final SwfClient swf;

  Harness(RunningSwfd swfd) {
    this.swfd = swfd;
    this.swf = swfd.client();
  }

  Harness() {
    this(new RunningSwfd());
  }

  @Override
  public void close() {
    swf.close();
    swfd.close();
  }

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  /**
   * A fresh domain holding workflow type wf/1 (decision list "dec") and activity type act/1 (list
   * "work").
   */
  String domain(String prefix) {
    String d = unique(prefix);
    swf.registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(WF)
                .version(V)
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain(d)
                .name(ACT)
                .version(V)
                .defaultTaskList(t -> t.name("work"))
                .defaultTaskScheduleToStartTimeout("600")
                .defaultTaskScheduleToCloseTimeout("1200")
                .defaultTaskStartToCloseTimeout("600")
                .defaultTaskHeartbeatTimeout("NONE"));
    return d;
  }

  WorkflowExecution start(String domain, String workflowId) {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(t -> t.name(WF).version(V)))
            .runId();
    return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
  }

  WorkflowExecution start(String domain, String workflowId, String taskList, String priority) {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(t -> t.name(WF).version(V))
                        .taskList(t -> t.name(taskList))
                        .taskPriority(priority))
            .runId();
    return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
  }

  /** One poll on a list; the task may be empty. */
  PollForDecisionTaskResponse poll(String domain, String list) {
    return swf.pollForDecisionTask(
        r -> r.domain(domain).taskList(t -> t.name(list)).identity("decider"));
  }

  /** A decision task that must be waiting on the list. */
  PollForDecisionTaskResponse decisionTask(String domain, String list) {
    PollForDecisionTaskResponse t = poll(domain, list);
    assertThat(t.taskToken()).as("a decision task on %s/%s", domain, list).isNotNull();
    return t;
  }

  PollForDecisionTaskResponse decisionTask(String domain) {
    return decisionTask(domain, "dec");
  }

  /** An activity task that must be waiting on the list. */
  PollForActivityTaskResponse activityTask(String domain, String list) {
    PollForActivityTaskResponse t =
        swf.pollForActivityTask(
            r -> r.domain(domain).taskList(l -> l.name(list)).identity("worker"));
    assertThat(t.taskToken()).as("an activity task on %s/%s", domain, list).isNotNull();
    return t;
  }

  void respond(String token, Decision... decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(token).decisions(decisions));
  }

  void respond(String token, List<Decision> decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(token).decisions(decisions));
  }

  List<HistoryEvent> history(String domain, WorkflowExecution e) {
    List<HistoryEvent> all = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(r -> r.domain(domain).execution(e))
        .events()
        .forEach(all::add);
    return all;
  }

  DescribeWorkflowExecutionResponse describe(String domain, WorkflowExecution e) {
    return swf.describeWorkflowExecution(r -> r.domain(domain).execution(e));
  }

  int pendingDecisions(String domain, String list) {
    return swf.countPendingDecisionTasks(r -> r.domain(domain).taskList(t -> t.name(list))).count();
  }

  int pendingActivities(String domain, String list) {
    return swf.countPendingActivityTasks(r -> r.domain(domain).taskList(t -> t.name(list))).count();
  }

  static List<EventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::eventType).toList();
  }

  /** The events after the first {@code n}. */
  static List<HistoryEvent> after(List<HistoryEvent> events, int n) {
    return events.subList(n, events.size());
  }

  static HistoryEvent last(List<HistoryEvent> events) {
    return events.get(events.size() - 1);
  }

  static HistoryEvent event(List<HistoryEvent> events, long eventId) {
    HistoryEvent e = events.get((int) eventId - 1);
    assertThat(e.eventId()).isEqualTo(eventId);
    return e;
  }

  // --- decisions ---

  static Decision schedule(String activityId) {
    return schedule(activityId, a -> {});
  }

  static Decision schedule(
      String activityId, Consumer<ScheduleActivityTaskDecisionAttributes.Builder> more) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> {
              a.activityId(activityId)
                  .activityType(ActivityType.builder().name(ACT).version(V).build());
              more.accept(a);
            })
        .build();
  }

  static Decision cancelActivity(String activityId) {
    return Decision.builder()
        .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
        .requestCancelActivityTaskDecisionAttributes(a -> a.activityId(activityId))
        .build();
  }

  static Decision marker(String name, String details) {
    return Decision.builder()
        .decisionType(DecisionType.RECORD_MARKER)
        .recordMarkerDecisionAttributes(a -> a.markerName(name).details(details))
        .build();
  }

  static Decision complete(String result) {
    return Decision.builder()
        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
        .completeWorkflowExecutionDecisionAttributes(a -> a.result(result))
        .build();
  }

  static Decision fail(String reason, String details) {
    return Decision.builder()
        .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
        .failWorkflowExecutionDecisionAttributes(a -> a.reason(reason).details(details))
        .build();
  }

  static Decision cancel(String details) {
    return Decision.builder()
        .decisionType(DecisionType.CANCEL_WORKFLOW_EXECUTION)
        .cancelWorkflowExecutionDecisionAttributes(a -> a.details(details))
        .build();
  }

  /**
   * A decision that fails (RequestCancelActivityTaskFailed) and so makes SWF schedule another
   * decision task.
   */
  static Decision wakeUp() {
    return cancelActivity("no-such-activity");
  }

  // --- faults ---

  /** The call fails with exactly this SDK exception (HTTP 400, this error code); returns it. */
  static <T extends SwfException> T fault(Class<T> type, String code, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s", code).isExactlyInstanceOf(type);
    T e = type.cast(t);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    return e;
  }

  static SwfException validation(ThrowingCallable call) {
    return fault(SwfException.class, "ValidationException", call);
  }

  /** The service's message without the SDK's suffix. */
  static String message(SwfException e) {
    return e.awsErrorDetails().errorMessage();
  }
}
