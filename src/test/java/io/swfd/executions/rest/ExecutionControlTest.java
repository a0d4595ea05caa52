package io.swfd.executions.rest;

import static io.swfd.support.Decisions.cancel;
import static io.swfd.support.SwfTestClient.event;
import static io.swfd.support.SwfTestClient.exec;
import static io.swfd.support.SwfTestClient.last;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static io.swfd.support.SwfTestClient.unique;
import static io.swfd.support.SwfTestClient.unknownExecution;
import static io.swfd.support.SwfTestClient.unknownResource;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_COMPLETED;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_SCHEDULED;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_STARTED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_CANCELED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_SIGNALED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_STARTED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_TERMINATED;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionCancelRequestedEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionSignaledEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedCause;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedEventAttributes;

/**
 * SignalWorkflowExecution, RequestCancelWorkflowExecution and TerminateWorkflowExecution through
 * the SDK.
 */
class ExecutionControlTest {
  private static SwfTestClient kit;
  private static SwfClient swf;

  @BeforeAll
  static void up() {
    kit = SwfTestClient.system();
    swf = kit.swf();
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  /**
   * A run whose first decision task has been answered with nothing: no decision task is
   * outstanding.
   */
  private WorkflowExecution idleRun(String domain) {
    WorkflowExecution e = kit.start(domain, unique("w"));
    kit.decide(domain, e);
    assertThat(types(kit.history(domain, e)))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED,
            DECISION_TASK_SCHEDULED,
            DECISION_TASK_STARTED,
            DECISION_TASK_COMPLETED);
    return e;
  }

  // --- SignalWorkflowExecution ---

  @Test
  void signalWithRunIdWakesTheDeciderWhoSeesTheSignal() {
    String d = kit.domain("sig");
    WorkflowExecution e = idleRun(d);
    swf.signalWorkflowExecution(
        r ->
            r.domain(d)
                .workflowId(e.workflowId())
                .runId(e.runId())
                .signalName("go")
                .input("payload"));

    List<HistoryEvent> h = kit.history(d, e);
    assertThat(types(h).subList(4, h.size()))
        .containsExactly(WORKFLOW_EXECUTION_SIGNALED, DECISION_TASK_SCHEDULED);
    WorkflowExecutionSignaledEventAttributes a =
        event(h, 5).workflowExecutionSignaledEventAttributes();
    assertThat(a.signalName()).isEqualTo("go");
    assertThat(a.input()).isEqualTo("payload");
    assertThat(a.externalWorkflowExecution()).isNull();
    assertThat(a.externalInitiatedEventId()).isNull();

    PollForDecisionTaskResponse task = kit.decisionTask(d, e);
    assertThat(task.previousStartedEventId()).isEqualTo(3);
    assertThat(task.events())
        .extracting(HistoryEvent::eventType)
        .contains(WORKFLOW_EXECUTION_SIGNALED);
    HistoryEvent seen =
        task.events().stream()
            .filter(x -> x.eventType() == WORKFLOW_EXECUTION_SIGNALED)
            .findFirst()
            .orElseThrow();
    assertThat(seen.workflowExecutionSignaledEventAttributes()).isEqualTo(a);
  }

  @Test
  void signalWithoutRunIdGoesToTheOpenRun() {
    String d = kit.domain("sig");
    String id = unique("w");
    // an earlier, closed run of the same workflowId must not be the target
    WorkflowExecution old = kit.start(d, id);
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(id));
    WorkflowExecution e = kit.start(d, id);
    kit.decide(d, e);

    swf.signalWorkflowExecution(r -> r.domain(d).workflowId(id).signalName("no-run-id"));
    List<HistoryEvent> h = kit.history(d, e);
    assertThat(types(h).subList(4, h.size()))
        .containsExactly(WORKFLOW_EXECUTION_SIGNALED, DECISION_TASK_SCHEDULED);
    WorkflowExecutionSignaledEventAttributes a =
        event(h, 5).workflowExecutionSignaledEventAttributes();
    assertThat(a.signalName()).isEqualTo("no-run-id");
    assertThat(a.input()).isNull();
    assertThat(types(kit.history(d, old))).doesNotContain(WORKFLOW_EXECUTION_SIGNALED);
    // an empty runId (the model allows 0..64 characters) means the same
    swf.signalWorkflowExecution(
        r -> r.domain(d).workflowId(id).runId("").signalName("empty-run-id"));
    assertThat(kit.events(d, e, WORKFLOW_EXECUTION_SIGNALED)).hasSize(2);
    assertThat(types(kit.history(d, old))).doesNotContain(WORKFLOW_EXECUTION_SIGNALED);
  }

  @Test
  void signalsWhileATaskIsScheduledOrStartedAddNoSecondTask() {
    String d = kit.domain("sig");
    WorkflowExecution e = kit.start(d, unique("w"));
    // scheduled, not started: the pending task will show the signal
    swf.signalWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).signalName("one"));
    assertThat(types(kit.history(d, e)))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED, DECISION_TASK_SCHEDULED, WORKFLOW_EXECUTION_SIGNALED);
    PollForDecisionTaskResponse task = kit.decisionTask(d, e);
    assertThat(types(task.events()))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED,
            DECISION_TASK_SCHEDULED,
            WORKFLOW_EXECUTION_SIGNALED,
            DECISION_TASK_STARTED);
    // started: the next task is scheduled when this one completes
    swf.signalWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).signalName("two"));
    assertThat(last(kit.history(d, e)).eventType()).isEqualTo(WORKFLOW_EXECUTION_SIGNALED);
    kit.respond(task);
    List<HistoryEvent> h = kit.history(d, e);
    assertThat(types(h))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED,
            DECISION_TASK_SCHEDULED,
            WORKFLOW_EXECUTION_SIGNALED,
            DECISION_TASK_STARTED,
            WORKFLOW_EXECUTION_SIGNALED,
            DECISION_TASK_COMPLETED,
            DECISION_TASK_SCHEDULED);
    assertThat(event(h, 5).workflowExecutionSignaledEventAttributes().signalName())
        .isEqualTo("two");
    assertThat(kit.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
  }

  @Test
  void signalToAnUnknownOrClosedRunIsAnUnknownResource() {
    String d = kit.domain("sig");
    WorkflowExecution closed = kit.start(d, unique("w"));
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(closed.workflowId()));

    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r ->
                                r.domain(d)
                                    .workflowId(closed.workflowId())
                                    .runId(closed.runId())
                                    .signalName("s")))))
        .isEqualTo(unknownExecution(closed));
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r -> r.domain(d).workflowId(closed.workflowId()).signalName("s")))))
        .isEqualTo("Unknown execution, workflowId = " + closed.workflowId());
    WorkflowExecution nobody = exec("nobody", "r-unknown");
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r ->
                                r.domain(d)
                                    .workflowId("nobody")
                                    .runId("r-unknown")
                                    .signalName("s")))))
        .isEqualTo(unknownExecution(nobody));
    // an open workflowId with a runId that is not its run
    WorkflowExecution open = kit.start(d, unique("w"));
    WorkflowExecution wrong = exec(open.workflowId(), closed.runId());
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r ->
                                r.domain(d)
                                    .workflowId(wrong.workflowId())
                                    .runId(wrong.runId())
                                    .signalName("s")))))
        .isEqualTo(unknownExecution(wrong));
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r -> r.domain("no-such-domain").workflowId("w").signalName("s")))))
        .isEqualTo("Unknown domain: no-such-domain");
    assertThat(types(kit.history(d, closed))).doesNotContain(WORKFLOW_EXECUTION_SIGNALED);
    assertThat(types(kit.history(d, open))).doesNotContain(WORKFLOW_EXECUTION_SIGNALED);
  }

  // --- RequestCancelWorkflowExecution ---

  @Test
  void cancelRequestIsRecordedShownAndLeftToTheDecider() {
    String d = kit.domain("cxl");
    WorkflowExecution e = idleRun(d);
    assertThat(kit.describe(d, e).executionInfo().cancelRequested()).isFalse();

    swf.requestCancelWorkflowExecution(
        r -> r.domain(d).workflowId(e.workflowId()).runId(e.runId()));
    List<HistoryEvent> h = kit.history(d, e);
    assertThat(types(h).subList(4, h.size()))
        .containsExactly(WORKFLOW_EXECUTION_CANCEL_REQUESTED, DECISION_TASK_SCHEDULED);
    WorkflowExecutionCancelRequestedEventAttributes a =
        event(h, 5).workflowExecutionCancelRequestedEventAttributes();
    assertThat(a.externalWorkflowExecution()).isNull();
    assertThat(a.externalInitiatedEventId()).isNull();
    assertThat(a.cause()).isNull();
    var info = kit.describe(d, e).executionInfo();
    assertThat(info.cancelRequested()).isTrue();
    assertThat(info.executionStatus()).isEqualTo(ExecutionStatus.OPEN);

    // the decider sees the request and cancels
    PollForDecisionTaskResponse task = kit.decisionTask(d, e);
    assertThat(types(task.events())).contains(WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    kit.respond(task, cancel("as asked"));
    h = kit.history(d, e);
    HistoryEvent closed = last(h);
    assertThat(closed.eventType()).isEqualTo(WORKFLOW_EXECUTION_CANCELED);
    assertThat(closed.workflowExecutionCanceledEventAttributes().details()).isEqualTo("as asked");
    assertThat(closed.workflowExecutionCanceledEventAttributes().decisionTaskCompletedEventId())
        .isEqualTo(h.get(h.size() - 2).eventId());
    info = kit.describe(d, e).executionInfo();
    assertThat(info.executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    assertThat(info.closeStatus()).isEqualTo(CloseStatus.CANCELED);
    assertThat(info.cancelRequested()).isTrue();
  }

  @Test
  void cancelRequestWithoutRunIdAndWhileScheduled() {
    String d = kit.domain("cxl");
    WorkflowExecution e = kit.start(d, unique("w"));
    swf.requestCancelWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()));
    // a decision task was already scheduled: no second one
    assertThat(types(kit.history(d, e)))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED,
            DECISION_TASK_SCHEDULED,
            WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    assertThat(kit.describe(d, e).executionInfo().cancelRequested()).isTrue();
    assertThat(kit.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
  }

  @Test
  void cancelRequestForAnUnknownOrClosedRunIsAnUnknownResource() {
    String d = kit.domain("cxl");
    WorkflowExecution e = kit.start(d, unique("w"));
    kit.decide(d, e, Decisions.complete("done"));
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.requestCancelWorkflowExecution(
                            r -> r.domain(d).workflowId(e.workflowId()).runId(e.runId())))))
        .isEqualTo(unknownExecution(e));
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.requestCancelWorkflowExecution(
                            r -> r.domain(d).workflowId(e.workflowId())))))
        .isEqualTo("Unknown execution, workflowId = " + e.workflowId());
    WorkflowExecution nobody = exec("nobody", "nope");
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.requestCancelWorkflowExecution(
                            r -> r.domain(d).workflowId("nobody").runId("nope")))))
        .isEqualTo(unknownExecution(nobody));
    assertThat(kit.describe(d, e).executionInfo().cancelRequested()).isFalse();
  }

  // --- TerminateWorkflowExecution ---

  @Test
  void terminateRecordsReasonDetailsPolicyOverrideAndOperatorCause() {
    String d = kit.domain("term");
    WorkflowExecution e = kit.start(d, unique("w"));
    swf.terminateWorkflowExecution(
        r ->
            r.domain(d)
                .workflowId(e.workflowId())
                .runId(e.runId())
                .reason("operator")
                .details("because")
                .childPolicy(ChildPolicy.ABANDON));
    List<HistoryEvent> h = kit.history(d, e);
    assertThat(types(h))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED, DECISION_TASK_SCHEDULED, WORKFLOW_EXECUTION_TERMINATED);
    WorkflowExecutionTerminatedEventAttributes a =
        last(h).workflowExecutionTerminatedEventAttributes();
    assertThat(a.reason()).isEqualTo("operator");
    assertThat(a.details()).isEqualTo("because");
    assertThat(a.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(a.cause()).isEqualTo(WorkflowExecutionTerminatedCause.OPERATOR_INITIATED);
    var detail = kit.describe(d, e);
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    assertThat(detail.executionInfo().closeStatus()).isEqualTo(CloseStatus.TERMINATED);
    assertThat(detail.executionInfo().closeTimestamp()).isEqualTo(last(h).eventTimestamp());
    assertThat(detail.openCounts().openDecisionTasks()).isZero();
    // the scheduled decision task is gone from its list
    assertThat(
            swf.countPendingDecisionTasks(r -> r.domain(d).taskList(t -> t.name(e.workflowId())))
                .count())
        .isZero();
    // the configured policy is unchanged; only the event shows the override
    assertThat(detail.executionConfiguration().childPolicy()).isEqualTo(ChildPolicy.TERMINATE);
  }

  @Test
  void terminateWithoutRunIdOrPolicyUsesTheOpenRunAndItsPolicy() {
    String d = kit.domain("term");
    WorkflowExecution e = kit.start(d, unique("w"), r -> r.childPolicy(ChildPolicy.REQUEST_CANCEL));
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()));
    WorkflowExecutionTerminatedEventAttributes a =
        last(kit.history(d, e)).workflowExecutionTerminatedEventAttributes();
    assertThat(a.childPolicy()).isEqualTo(ChildPolicy.REQUEST_CANCEL);
    assertThat(a.reason()).isNull();
    assertThat(a.details()).isNull();
    assertThat(a.cause()).isEqualTo(WorkflowExecutionTerminatedCause.OPERATOR_INITIATED);
    // a closed run cannot be terminated again
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.terminateWorkflowExecution(
                            r -> r.domain(d).workflowId(e.workflowId()).runId(e.runId())))))
        .isEqualTo(unknownExecution(e));
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.terminateWorkflowExecution(
                            r -> r.domain(d).workflowId(e.workflowId())))))
        .isEqualTo("Unknown execution, workflowId = " + e.workflowId());
    assertThat(kit.history(d, e)).hasSize(3);
  }

  @Test
  void terminateVoidsDecisionAndActivityTokens() {
    String d = kit.domain("term");
    WorkflowExecution e = kit.start(d, unique("w"));
    String list = unique("acts");
    kit.decide(
        d,
        e,
        Decision.builder()
            .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
            .scheduleActivityTaskDecisionAttributes(
                a ->
                    a.activityId("a1")
                        .activityType(t -> t.name(SwfTestClient.ACT).version(SwfTestClient.V))
                        .taskList(t -> t.name(list)))
            .build());
    PollForActivityTaskResponse activity =
        swf.pollForActivityTask(r -> r.domain(d).taskList(t -> t.name(list)));
    assertThat(activity.taskToken()).isNotNull();
    swf.signalWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).signalName("wake"));
    PollForDecisionTaskResponse decision = kit.decisionTask(d, e);

    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).reason("stop"));

    // the run has closed: every token of it names the run
    String gone = unknownExecution(e);
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.respondDecisionTaskCompleted(r -> r.taskToken(decision.taskToken())))))
        .isEqualTo(gone);
    assertThat(
            message(
                unknownResource(
                    () -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(activity.taskToken())))))
        .isEqualTo(gone);
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.respondActivityTaskCompleted(r -> r.taskToken(activity.taskToken())))))
        .isEqualTo(gone);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskFailed(r -> r.taskToken(activity.taskToken())))))
        .isEqualTo(gone);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskCanceled(r -> r.taskToken(activity.taskToken())))))
        .isEqualTo(gone);
    HistoryEvent closing = last(kit.history(d, e));
    assertThat(closing.eventType()).isEqualTo(WORKFLOW_EXECUTION_TERMINATED);
    assertThat(kit.describe(d, e).openCounts().openActivityTasks()).isZero();
  }
}
