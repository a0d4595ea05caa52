package io.swfd.run;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The 54 history event types. {@code wakesDecider}: appending the event needs a decision (a
 * decision task is scheduled, or remembered while one is running), per the SWF API Reference's
 * HistoryEvent.
 */
public enum EventType {
  WorkflowExecutionStarted(false),
  WorkflowExecutionCancelRequested(true),
  WorkflowExecutionCompleted(false),
  CompleteWorkflowExecutionFailed(true),
  WorkflowExecutionFailed(false),
  FailWorkflowExecutionFailed(true),
  WorkflowExecutionTimedOut(false),
  WorkflowExecutionCanceled(false),
  CancelWorkflowExecutionFailed(true),
  WorkflowExecutionContinuedAsNew(false),
  ContinueAsNewWorkflowExecutionFailed(true),
  WorkflowExecutionTerminated(false),
  DecisionTaskScheduled(false),
  DecisionTaskStarted(false),
  DecisionTaskCompleted(false),
  DecisionTaskTimedOut(true),
  ActivityTaskScheduled(false),
  ScheduleActivityTaskFailed(true),
  ActivityTaskStarted(false),
  ActivityTaskCompleted(true),
  ActivityTaskFailed(true),
  ActivityTaskTimedOut(true),
  ActivityTaskCanceled(true),
  ActivityTaskCancelRequested(false),
  RequestCancelActivityTaskFailed(true),
  WorkflowExecutionSignaled(true),
  MarkerRecorded(false),
  RecordMarkerFailed(true),
  TimerStarted(false),
  StartTimerFailed(true),
  TimerFired(true),
  TimerCanceled(false),
  CancelTimerFailed(true),
  StartChildWorkflowExecutionInitiated(false),
  StartChildWorkflowExecutionFailed(true),
  ChildWorkflowExecutionStarted(true),
  ChildWorkflowExecutionCompleted(true),
  ChildWorkflowExecutionFailed(true),
  ChildWorkflowExecutionTimedOut(true),
  ChildWorkflowExecutionCanceled(true),
  ChildWorkflowExecutionTerminated(true),
  SignalExternalWorkflowExecutionInitiated(false),
  SignalExternalWorkflowExecutionFailed(true),
  ExternalWorkflowExecutionSignaled(true),
  RequestCancelExternalWorkflowExecutionInitiated(false),
  RequestCancelExternalWorkflowExecutionFailed(true),
  ExternalWorkflowExecutionCancelRequested(true),
  LambdaFunctionScheduled(false),
  LambdaFunctionStarted(false),
  LambdaFunctionCompleted(true),
  LambdaFunctionFailed(true),
  LambdaFunctionTimedOut(true),
  ScheduleLambdaFunctionFailed(true),
  StartLambdaFunctionFailed(true);

  private final boolean wakesDecider;
  private final String attributesMember;

  EventType(boolean wakesDecider) {
    this.wakesDecider = wakesDecider;
    String n = name();
    this.attributesMember = Character.toLowerCase(n.charAt(0)) + n.substring(1) + "EventAttributes";
  }

  public boolean wakesDecider() {
    return wakesDecider;
  }

  /**
   * The HistoryEvent member holding this type's attributes, e.g. {@code timerFiredEventAttributes}.
   */
  public String attributesMember() {
    return attributesMember;
  }

  public boolean closesRun() {
    return switch (this) {
      case WorkflowExecutionCompleted,
          WorkflowExecutionFailed,
          WorkflowExecutionTimedOut,
          WorkflowExecutionCanceled,
          WorkflowExecutionContinuedAsNew,
          WorkflowExecutionTerminated ->
          true;
      default -> false;
    };
  }

  /**
   * Whether {@code name} is a member of this type's {@code <Type>EventAttributes} shape (SWF API
   * Reference, HistoryEvent and the attribute shapes it names).
   */
  public boolean defines(String name) {
    return ATTRIBUTES.get(this).contains(name);
  }

  private static final Map<EventType, Set<String>> ATTRIBUTES = new EnumMap<>(EventType.class);

  static {
    for (EventType t : values()) ATTRIBUTES.put(t, attributeNames(t));
  }

  /** The members of each type's attributes shape, as the SWF API Reference lists them. */
  private static Set<String> attributeNames(EventType t) {
    return switch (t) {
      case WorkflowExecutionStarted ->
          Set.of(
              "input",
              "executionStartToCloseTimeout",
              "taskStartToCloseTimeout",
              "childPolicy",
              "taskList",
              "taskPriority",
              "workflowType",
              "tagList",
              "continuedExecutionRunId",
              "parentWorkflowExecution",
              "parentInitiatedEventId",
              "lambdaRole");
      case WorkflowExecutionCompleted -> Set.of("result", "decisionTaskCompletedEventId");
      case CompleteWorkflowExecutionFailed -> Set.of("cause", "decisionTaskCompletedEventId");
      case WorkflowExecutionFailed -> Set.of("reason", "details", "decisionTaskCompletedEventId");
      case FailWorkflowExecutionFailed -> Set.of("cause", "decisionTaskCompletedEventId");
      case WorkflowExecutionTimedOut -> Set.of("timeoutType", "childPolicy");
      case WorkflowExecutionCanceled -> Set.of("details", "decisionTaskCompletedEventId");
      case CancelWorkflowExecutionFailed -> Set.of("cause", "decisionTaskCompletedEventId");
      case WorkflowExecutionContinuedAsNew ->
          Set.of(
              "input",
              "decisionTaskCompletedEventId",
              "newExecutionRunId",
              "executionStartToCloseTimeout",
              "taskList",
              "taskPriority",
              "taskStartToCloseTimeout",
              "childPolicy",
              "tagList",
              "workflowType",
              "lambdaRole");
      case ContinueAsNewWorkflowExecutionFailed -> Set.of("cause", "decisionTaskCompletedEventId");
      case WorkflowExecutionTerminated -> Set.of("reason", "details", "childPolicy", "cause");
      case WorkflowExecutionCancelRequested ->
          Set.of("externalWorkflowExecution", "externalInitiatedEventId", "cause");
      case DecisionTaskScheduled ->
          Set.of("taskList", "taskPriority", "startToCloseTimeout", "scheduleToStartTimeout");
      case DecisionTaskStarted -> Set.of("identity", "scheduledEventId");
      case DecisionTaskCompleted ->
          Set.of(
              "executionContext",
              "scheduledEventId",
              "startedEventId",
              "taskList",
              "taskListScheduleToStartTimeout");
      case DecisionTaskTimedOut -> Set.of("timeoutType", "scheduledEventId", "startedEventId");
      case ActivityTaskScheduled ->
          Set.of(
              "activityType",
              "activityId",
              "input",
              "control",
              "scheduleToStartTimeout",
              "scheduleToCloseTimeout",
              "startToCloseTimeout",
              "taskList",
              "taskPriority",
              "decisionTaskCompletedEventId",
              "heartbeatTimeout");
      case ActivityTaskStarted -> Set.of("identity", "scheduledEventId");
      case ActivityTaskCompleted -> Set.of("result", "scheduledEventId", "startedEventId");
      case ActivityTaskFailed -> Set.of("reason", "details", "scheduledEventId", "startedEventId");
      case ActivityTaskTimedOut ->
          Set.of("timeoutType", "scheduledEventId", "startedEventId", "details");
      case ActivityTaskCanceled ->
          Set.of("details", "scheduledEventId", "startedEventId", "latestCancelRequestedEventId");
      case ActivityTaskCancelRequested -> Set.of("decisionTaskCompletedEventId", "activityId");
      case WorkflowExecutionSignaled ->
          Set.of("signalName", "input", "externalWorkflowExecution", "externalInitiatedEventId");
      case MarkerRecorded -> Set.of("markerName", "details", "decisionTaskCompletedEventId");
      case RecordMarkerFailed -> Set.of("markerName", "cause", "decisionTaskCompletedEventId");
      case TimerStarted ->
          Set.of("timerId", "control", "startToFireTimeout", "decisionTaskCompletedEventId");
      case TimerFired -> Set.of("timerId", "startedEventId");
      case TimerCanceled -> Set.of("timerId", "startedEventId", "decisionTaskCompletedEventId");
      case StartChildWorkflowExecutionInitiated ->
          Set.of(
              "workflowId",
              "workflowType",
              "control",
              "input",
              "executionStartToCloseTimeout",
              "taskList",
              "taskPriority",
              "decisionTaskCompletedEventId",
              "childPolicy",
              "taskStartToCloseTimeout",
              "tagList",
              "lambdaRole");
      case ChildWorkflowExecutionStarted ->
          Set.of("workflowExecution", "workflowType", "initiatedEventId");
      case ChildWorkflowExecutionCompleted ->
          Set.of(
              "workflowExecution", "workflowType", "result", "initiatedEventId", "startedEventId");
      case ChildWorkflowExecutionFailed ->
          Set.of(
              "workflowExecution",
              "workflowType",
              "reason",
              "details",
              "initiatedEventId",
              "startedEventId");
      case ChildWorkflowExecutionTimedOut ->
          Set.of(
              "workflowExecution",
              "workflowType",
              "timeoutType",
              "initiatedEventId",
              "startedEventId");
      case ChildWorkflowExecutionCanceled ->
          Set.of(
              "workflowExecution", "workflowType", "details", "initiatedEventId", "startedEventId");
      case ChildWorkflowExecutionTerminated ->
          Set.of("workflowExecution", "workflowType", "initiatedEventId", "startedEventId");
      case SignalExternalWorkflowExecutionInitiated ->
          Set.of(
              "workflowId",
              "runId",
              "signalName",
              "input",
              "decisionTaskCompletedEventId",
              "control");
      case ExternalWorkflowExecutionSignaled -> Set.of("workflowExecution", "initiatedEventId");
      case SignalExternalWorkflowExecutionFailed ->
          Set.of(
              "workflowId",
              "runId",
              "cause",
              "initiatedEventId",
              "decisionTaskCompletedEventId",
              "control");
      case ExternalWorkflowExecutionCancelRequested ->
          Set.of("workflowExecution", "initiatedEventId");
      case RequestCancelExternalWorkflowExecutionInitiated ->
          Set.of("workflowId", "runId", "decisionTaskCompletedEventId", "control");
      case RequestCancelExternalWorkflowExecutionFailed ->
          Set.of(
              "workflowId",
              "runId",
              "cause",
              "initiatedEventId",
              "decisionTaskCompletedEventId",
              "control");
      case ScheduleActivityTaskFailed ->
          Set.of("activityType", "activityId", "cause", "decisionTaskCompletedEventId");
      case RequestCancelActivityTaskFailed ->
          Set.of("activityId", "cause", "decisionTaskCompletedEventId");
      case StartTimerFailed -> Set.of("timerId", "cause", "decisionTaskCompletedEventId");
      case CancelTimerFailed -> Set.of("timerId", "cause", "decisionTaskCompletedEventId");
      case StartChildWorkflowExecutionFailed ->
          Set.of(
              "workflowType",
              "cause",
              "workflowId",
              "initiatedEventId",
              "decisionTaskCompletedEventId",
              "control");
      case LambdaFunctionScheduled ->
          Set.of(
              "id",
              "name",
              "control",
              "input",
              "startToCloseTimeout",
              "decisionTaskCompletedEventId");
      case LambdaFunctionStarted -> Set.of("scheduledEventId");
      case LambdaFunctionCompleted -> Set.of("scheduledEventId", "startedEventId", "result");
      case LambdaFunctionFailed ->
          Set.of("scheduledEventId", "startedEventId", "reason", "details");
      case LambdaFunctionTimedOut -> Set.of("scheduledEventId", "startedEventId", "timeoutType");
      case ScheduleLambdaFunctionFailed ->
          Set.of("id", "name", "cause", "decisionTaskCompletedEventId");
      case StartLambdaFunctionFailed -> Set.of("scheduledEventId", "cause", "message");
    };
  }
}
