package io.swfd.run;

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
}
