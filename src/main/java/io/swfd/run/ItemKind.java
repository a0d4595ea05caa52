package io.swfd.run;

/**
 * The kinds of a run's pending items: what the run has started and not yet seen close. Each kind is
 * stored in a table of its own, one row per item, keyed by the run and the item's id.
 */
public enum ItemKind {
  /** An activity task, by its ActivityTaskScheduled event's id. */
  ACTIVITY,
  /** A user timer, by its timerId. */
  TIMER,
  /** A child run, by its StartChildWorkflowExecutionInitiated event's id. */
  CHILD,
  /** A signal or cancel request to another run not yet delivered, by its initiating event's id. */
  EXTERNAL,
  /** A Lambda task, by its LambdaFunctionScheduled event's id. */
  LAMBDA
}
