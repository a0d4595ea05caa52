package io.swfd.support;

import static io.swfd.support.SwfTestClient.ACT;
import static io.swfd.support.SwfTestClient.V;
import static io.swfd.support.SwfTestClient.WF;

import java.util.function.Consumer;
import software.amazon.awssdk.services.swf.model.ContinueAsNewWorkflowExecutionDecisionAttributes;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.ScheduleActivityTaskDecisionAttributes;
import software.amazon.awssdk.services.swf.model.StartChildWorkflowExecutionDecisionAttributes;

/**
 * Decisions for the SDK's {@code respondDecisionTaskCompleted} builders and {@link SwfTestClient}'s
 * {@code respond} and {@code decide}, naming the types of {@link SwfTestClient}'s domains.
 */
public final class Decisions {
  private Decisions() {}

  /**
   * One decision, built the SDK's way: {@code .decisions(decision(d -> d.decisionType(...)))}
   * rather than the SDK's {@code decisions(Consumer<Decision.Builder>...)}, a generic varargs
   * method every call of which javac warns about.
   */
  public static Decision decision(Consumer<Decision.Builder> d) {
    return Decision.builder().applyMutation(d).build();
  }

  /** Schedules {@link SwfTestClient#ACT}/1 with the type's defaults. */
  public static Decision schedule(String activityId) {
    return schedule(activityId, a -> {});
  }

  public static Decision schedule(
      String activityId, Consumer<ScheduleActivityTaskDecisionAttributes.Builder> more) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> {
              a.activityId(activityId).activityType(t -> t.name(ACT).version(V));
              more.accept(a);
            })
        .build();
  }

  /**
   * Schedules {@link SwfTestClient#ACT}/1 on the run's activity list with input "in-" + activityId
   * and these four timeouts (schedule-to-start, schedule-to-close, start-to-close, heartbeat).
   */
  public static Decision schedule(
      SwfTestClient.Run run, String activityId, String s2s, String s2c, String stc, String hb) {
    return schedule(
        activityId,
        a ->
            a.taskList(t -> t.name(run.activities()))
                .input("in-" + activityId)
                .scheduleToStartTimeout(s2s)
                .scheduleToCloseTimeout(s2c)
                .startToCloseTimeout(stc)
                .heartbeatTimeout(hb));
  }

  public static Decision cancelActivity(String activityId) {
    return Decision.builder()
        .decisionType(DecisionType.REQUEST_CANCEL_ACTIVITY_TASK)
        .requestCancelActivityTaskDecisionAttributes(a -> a.activityId(activityId))
        .build();
  }

  /**
   * A decision that fails (RequestCancelActivityTaskFailed) and so makes SWF schedule another
   * decision task.
   */
  public static Decision wakeUp() {
    return cancelActivity("no-such-activity");
  }

  /** A timer with control "c-" + timerId. */
  public static Decision startTimer(String timerId, String seconds) {
    return Decision.builder()
        .decisionType(DecisionType.START_TIMER)
        .startTimerDecisionAttributes(
            a -> a.timerId(timerId).startToFireTimeout(seconds).control("c-" + timerId))
        .build();
  }

  public static Decision cancelTimer(String timerId) {
    return Decision.builder()
        .decisionType(DecisionType.CANCEL_TIMER)
        .cancelTimerDecisionAttributes(a -> a.timerId(timerId))
        .build();
  }

  public static Decision marker(String name) {
    return Decision.builder()
        .decisionType(DecisionType.RECORD_MARKER)
        .recordMarkerDecisionAttributes(a -> a.markerName(name))
        .build();
  }

  public static Decision marker(String name, String details) {
    return Decision.builder()
        .decisionType(DecisionType.RECORD_MARKER)
        .recordMarkerDecisionAttributes(a -> a.markerName(name).details(details))
        .build();
  }

  public static Decision complete(String result) {
    return Decision.builder()
        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
        .completeWorkflowExecutionDecisionAttributes(a -> a.result(result))
        .build();
  }

  public static Decision fail(String reason, String details) {
    return Decision.builder()
        .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
        .failWorkflowExecutionDecisionAttributes(a -> a.reason(reason).details(details))
        .build();
  }

  public static Decision cancel(String details) {
    return Decision.builder()
        .decisionType(DecisionType.CANCEL_WORKFLOW_EXECUTION)
        .cancelWorkflowExecutionDecisionAttributes(a -> a.details(details))
        .build();
  }

  /**
   * A child of type {@link SwfTestClient#WF}/1 whose decision tasks go to a list named after it.
   */
  public static Decision startChild(String workflowId) {
    return startChild(workflowId, a -> a.taskList(t -> t.name(workflowId)));
  }

  public static Decision startChild(
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

  public static Decision continueAsNew(
      Consumer<ContinueAsNewWorkflowExecutionDecisionAttributes.Builder> attrs) {
    return Decision.builder()
        .decisionType(DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
        .continueAsNewWorkflowExecutionDecisionAttributes(attrs)
        .build();
  }

  public static Decision signal(
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

  public static Decision requestCancel(String workflowId, String runId, String control) {
    return Decision.builder()
        .decisionType(DecisionType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION)
        .requestCancelExternalWorkflowExecutionDecisionAttributes(
            a -> a.workflowId(workflowId).runId(runId).control(control))
        .build();
  }
}
