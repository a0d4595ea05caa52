package io.swfd.engine;

import java.util.Map;

/**
 * SWF's decision throttles (SWF Developer Guide, 'Amazon SWF quotas', decision throttling quotas):
 * a decision that finds its bucket empty fails with its {@code *_RATE_EXCEEDED} cause instead of
 * being carried out, and the decider is woken. Off unless throttling is configured
 * (io.swfd.auth.Throttler implements it).
 */
public interface DecisionRates {
  DecisionRates UNLIMITED = decisionType -> true;

  /** The cause a throttled decision fails with; decisions without one are never throttled. */
  Map<String, String> CAUSES =
      Map.of(
          "ScheduleActivityTask", "ACTIVITY_CREATION_RATE_EXCEEDED",
          "StartTimer", "TIMER_CREATION_RATE_EXCEEDED",
          "StartChildWorkflowExecution", "CHILD_CREATION_RATE_EXCEEDED",
          "SignalExternalWorkflowExecution", "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED",
          "RequestCancelExternalWorkflowExecution",
              "REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED",
          "ContinueAsNewWorkflowExecution", "CONTINUE_AS_NEW_WORKFLOW_EXECUTION_RATE_EXCEEDED",
          "ScheduleLambdaFunction", "LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED");

  /** Takes a token for one decision of this type; false when its bucket is empty. */
  boolean tryAcquire(String decisionType);
}
