package io.swfd.executions.rest;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ContinueAsNewWorkflowExecutionDecisionAttributes;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.StartChildWorkflowExecutionDecisionAttributes;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * One swfd per test class (system clock or a {@link ManualClock}), an SDK v2 client, and the steps
 * the execution tests share. Every run gets its own decision task list (named after its
 * workflowId), so a poll only ever sees the run it is meant for and never waits for an empty list.
 */
final class Kit implements AutoCloseable {
  static final String WF = "wf";
  static final String V = "1";
  static final String ACT = "act";

  /** A workflow type registered without any default. */
  static final String BARE = "bare";

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final AtomicInteger SEQ = new AtomicInteger();

  final RunningSwfd swfd;
  final SwfClient swf;
  final ManualClock clock;

  private Kit(RunningSwfd swfd, ManualClock clock) {
    this.swfd = swfd;
    this.swf = swfd.client();
    this.clock = clock;
  }

  /** System clock, 1 s poll hold. */
  static Kit system() {
    return system(Duration.ofSeconds(1));
  }

  static Kit system(Duration pollHold) {
    return new Kit(
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(pollHold), java.time.InstantSource.system()),
        null);
  }

  /** A manual clock starting at {@link #T0}, 1 s poll hold. */
  static Kit manual() {
    return manual(Duration.ofSeconds(1));
  }

  static Kit manual(Duration pollHold) {
    ManualClock clock = new ManualClock(T0);
    return new Kit(
        new RunningSwfd(ServerConfig.defaults().withPollTimeout(pollHold), clock), clock);
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
   * A fresh domain with: wf/1 (every default: list "dec-default", 3600 s, 300 s, TERMINATE), bare/1
   * (no defaults) and act/1 (every activity default, list "work").
   */
  String domain(String prefix) {
    return domain(prefix, "1");
  }

  String domain(String prefix, String retentionDays) {
    String d = unique(prefix);
    swf.registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays(retentionDays));
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(WF)
                .version(V)
                .defaultTaskList(t -> t.name("dec-default"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultChildPolicy("TERMINATE"));
    swf.registerWorkflowType(r -> r.domain(d).name(BARE).version(V));
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

  /** Starts wf/1 with decision task list = workflowId. */
  WorkflowExecution start(String domain, String workflowId) {
    return start(domain, workflowId, r -> {});
  }

  WorkflowExecution start(
      String domain, String workflowId, Consumer<StartWorkflowExecutionRequest.Builder> more) {
    String runId =
        swf.startWorkflowExecution(
                r -> {
                  r.domain(domain)
                      .workflowId(workflowId)
                      .workflowType(t -> t.name(WF).version(V))
                      .taskList(t -> t.name(workflowId));
                  more.accept(r);
                })
            .runId();
    return exec(workflowId, runId);
  }

  static WorkflowExecution exec(String workflowId, String runId) {
    return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
  }

  /** A decision task that must be waiting on the list. */
  PollForDecisionTaskResponse decisionTask(String domain, String list) {
    PollForDecisionTaskResponse t =
        swf.pollForDecisionTask(
            r -> r.domain(domain).taskList(l -> l.name(list)).identity("decider"));
    assertThat(t.taskToken()).as("a decision task on %s/%s", domain, list).isNotNull();
    return t;
  }

  /** The decision task of a run started by {@link #start} (its list is its workflowId). */
  PollForDecisionTaskResponse decisionTask(String domain, WorkflowExecution e) {
    PollForDecisionTaskResponse t = decisionTask(domain, e.workflowId());
    assertThat(t.workflowExecution()).isEqualTo(e);
    return t;
  }

  void respond(PollForDecisionTaskResponse task, Decision... decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(task.taskToken()).decisions(decisions));
  }

  /** Takes the run's pending decision task and answers it. */
  void decide(String domain, WorkflowExecution e, Decision... decisions) {
    respond(decisionTask(domain, e), decisions);
  }

  List<HistoryEvent> history(String domain, WorkflowExecution e) {
    List<HistoryEvent> all = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(
            r -> r.domain(domain).execution(e).maximumPageSize(1000))
        .forEach(p -> all.addAll(p.events()));
    return all;
  }

  List<HistoryEvent> events(String domain, WorkflowExecution e, EventType type) {
    return history(domain, e).stream().filter(x -> x.eventType() == type).toList();
  }

  /** Waits until the run has an event of that type; returns the first. */
  HistoryEvent await(String domain, WorkflowExecution e, EventType type) {
    org.awaitility.Awaitility.await()
        .atMost(10, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(() -> !events(domain, e, type).isEmpty());
    return events(domain, e, type).get(0);
  }

  /**
   * The history does not change for a while (something that must not happen has had its chance).
   */
  void assertHistoryStays(String domain, WorkflowExecution e, int size) {
    org.awaitility.Awaitility.await()
        .during(400, MILLISECONDS)
        .atMost(3, SECONDS)
        .pollInterval(50, MILLISECONDS)
        .until(() -> history(domain, e).size() == size);
  }

  DescribeWorkflowExecutionResponse describe(String domain, WorkflowExecution e) {
    return swf.describeWorkflowExecution(r -> r.domain(domain).execution(e));
  }

  /** The open run of a workflowId, as ListOpenWorkflowExecutions shows it. */
  WorkflowExecution openRun(String domain, String workflowId) {
    var infos =
        swf.listOpenWorkflowExecutions(
                r ->
                    r.domain(domain)
                        .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))
                        .executionFilter(f -> f.workflowId(workflowId)))
            .executionInfos();
    assertThat(infos).as("open runs of %s", workflowId).hasSize(1);
    return infos.get(0).execution();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  static List<EventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::eventType).toList();
  }

  static HistoryEvent last(List<HistoryEvent> events) {
    return events.get(events.size() - 1);
  }

  static HistoryEvent byId(List<HistoryEvent> events, long id) {
    HistoryEvent e = events.get((int) id - 1);
    assertThat(e.eventId()).isEqualTo(id);
    return e;
  }

  // --- decisions ---

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

  static Decision marker(String name) {
    return Decision.builder()
        .decisionType(DecisionType.RECORD_MARKER)
        .recordMarkerDecisionAttributes(a -> a.markerName(name))
        .build();
  }

  /** A child of type wf/1 whose decision tasks go to a list named after it. */
  static Decision startChild(String workflowId) {
    return startChild(workflowId, a -> a.taskList(t -> t.name(workflowId)));
  }

  static Decision startChild(
      String workflowId, Consumer<StartChildWorkflowExecutionDecisionAttributes.Builder> more) {
    return Decision.builder()
        .decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
        .startChildWorkflowExecutionDecisionAttributes(
            a -> {
              a.workflowId(workflowId).workflowType(t -> t.name(WF).version(V));
              more.accept(a);
            })
        .build();
  }

  static Decision continueAsNew(
      Consumer<ContinueAsNewWorkflowExecutionDecisionAttributes.Builder> attrs) {
    return Decision.builder()
        .decisionType(DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
        .continueAsNewWorkflowExecutionDecisionAttributes(attrs)
        .build();
  }

  static Decision signal(
      String workflowId, String runId, String name, String input, String control) {
    return Decision.builder()
        .decisionType(DecisionType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION)
        .signalExternalWorkflowExecutionDecisionAttributes(
            a ->
                a.workflowId(workflowId)
                    .runId(runId)
                    .signalName(name)
                    .input(input)
                    .control(control))
        .build();
  }

  static Decision requestCancel(String workflowId, String runId, String control) {
    return Decision.builder()
        .decisionType(DecisionType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION)
        .requestCancelExternalWorkflowExecutionDecisionAttributes(
            a -> a.workflowId(workflowId).runId(runId).control(control))
        .build();
  }

  // --- faults ---

  static <T extends SwfException> T fault(Class<T> type, String code, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s", code).isExactlyInstanceOf(type);
    T e = type.cast(t);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    return e;
  }

  static String unknownResource(ThrowingCallable call) {
    return fault(UnknownResourceException.class, "UnknownResourceFault", call)
        .awsErrorDetails()
        .errorMessage();
  }

  static String validation(ThrowingCallable call) {
    return fault(SwfException.class, "ValidationException", call).awsErrorDetails().errorMessage();
  }

  static String unknownExecution(WorkflowExecution e) {
    return "Unknown execution: WorkflowExecution=[workflowId="
        + e.workflowId()
        + ", runId="
        + e.runId()
        + "]";
  }
}
