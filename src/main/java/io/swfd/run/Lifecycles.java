package io.swfd.run;

import static io.swfd.run.Lifecycles.ActivityAction.*;
import static io.swfd.run.Lifecycles.ActivityStatus.*;

/**
 * What may happen to a run and to each kind of its pending items: one transition table each. The
 * history events that change an item are applied only through these tables, and the engine asks
 * them whether an action (a poll's start, a response, a deadline) still applies. An item that
 * closed leaves its run (its row goes), so CLOSED is where every table ends.
 *
 * <p>Following SWF's developer guide ("Workflow execution lifecycle", "Activity task lifecycle" and
 * the history events each action records).
 */
public final class Lifecycles {
  private Lifecycles() {}

  // ------------------------------------------------------------------ the run

  public enum RunStatus {
    OPEN,
    CLOSED
  }

  public enum RunAction {
    /** Any event that is not a close (a decision, a signal, a task's result). */
    RECORD,
    /** Completed, failed, canceled, terminated, timed out or continued as new. */
    CLOSE,
    /** Settling what a closed run still owes (its children's policy, its parent, signals). */
    SETTLE
  }

  public static final Transitions<RunStatus, RunAction> RUN =
      Transitions.of("workflow execution", RunStatus.class, RunAction.class)
          .add(RunStatus.OPEN, RunStatus.OPEN, RunAction.RECORD, RunAction.SETTLE)
          .add(RunStatus.OPEN, RunStatus.CLOSED, RunAction.CLOSE)
          .add(RunStatus.CLOSED, RunStatus.CLOSED, RunAction.SETTLE);

  public static RunStatus status(RunState s) {
    return s.status;
  }

  // ------------------------------------------------------------------ decision task

  public enum DecisionStatus {
    NONE,
    SCHEDULED,
    STARTED
  }

  public enum DecisionAction {
    SCHEDULE,
    START,
    COMPLETE,
    TIME_OUT_SCHEDULE_TO_START,
    TIME_OUT_START_TO_CLOSE,
    /** The run closed: whatever decision task it had is gone. */
    DROP
  }

  public static final Transitions<DecisionStatus, DecisionAction> DECISION =
      Transitions.of("decision task", DecisionStatus.class, DecisionAction.class)
          .add(DecisionStatus.NONE, DecisionStatus.SCHEDULED, DecisionAction.SCHEDULE)
          .add(DecisionStatus.NONE, DecisionStatus.NONE, DecisionAction.DROP)
          .add(DecisionStatus.SCHEDULED, DecisionStatus.STARTED, DecisionAction.START)
          .add(
              DecisionStatus.SCHEDULED,
              DecisionStatus.NONE,
              DecisionAction.TIME_OUT_SCHEDULE_TO_START,
              DecisionAction.DROP)
          .add(
              DecisionStatus.STARTED,
              DecisionStatus.NONE,
              DecisionAction.COMPLETE,
              DecisionAction.TIME_OUT_START_TO_CLOSE,
              DecisionAction.DROP);

  public static DecisionStatus status(RunState.DecisionTaskState d) {
    return d.status;
  }

  // ------------------------------------------------------------------ activity task

  public enum ActivityStatus {
    SCHEDULED,
    STARTED,
    CLOSED
  }

  public enum ActivityAction {
    START,
    HEARTBEAT,
    REQUEST_CANCEL,
    COMPLETE,
    FAIL,
    /** Canceled: by its worker once started, or by the decider's request before it started. */
    CANCEL,
    TIME_OUT_SCHEDULE_TO_START,
    TIME_OUT_SCHEDULE_TO_CLOSE,
    TIME_OUT_START_TO_CLOSE,
    TIME_OUT_HEARTBEAT
  }

  public static final Transitions<ActivityStatus, ActivityAction> ACTIVITY =
      Transitions.of("activity task", ActivityStatus.class, ActivityAction.class)
          .add(SCHEDULED, STARTED, START)
          .add(SCHEDULED, SCHEDULED, REQUEST_CANCEL)
          .add(SCHEDULED, CLOSED, CANCEL, TIME_OUT_SCHEDULE_TO_START, TIME_OUT_SCHEDULE_TO_CLOSE)
          .add(STARTED, STARTED, HEARTBEAT, REQUEST_CANCEL)
          .add(
              STARTED,
              CLOSED,
              COMPLETE,
              FAIL,
              CANCEL,
              TIME_OUT_SCHEDULE_TO_CLOSE,
              TIME_OUT_START_TO_CLOSE,
              TIME_OUT_HEARTBEAT);

  /** An open activity task's state (a closed one is no longer among the run's items). */
  public static ActivityStatus status(RunState.ActivityState a) {
    return a.status();
  }

  // ------------------------------------------------------------------ timer

  public enum TimerStatus {
    STARTED,
    CLOSED
  }

  public enum TimerAction {
    FIRE,
    CANCEL
  }

  public static final Transitions<TimerStatus, TimerAction> TIMER =
      Transitions.of("timer", TimerStatus.class, TimerAction.class)
          .add(TimerStatus.STARTED, TimerStatus.CLOSED, TimerAction.FIRE, TimerAction.CANCEL);

  // ------------------------------------------------------------------ child run

  public enum ChildStatus {
    /** StartChildWorkflowExecutionInitiated: the child run does not exist yet. */
    INITIATED,
    STARTED,
    CLOSED
  }

  public enum ChildAction {
    START,
    FAIL_TO_START,
    /** Completed, failed, canceled, terminated or timed out (the parent hears how it closed). */
    CLOSE,
    /** The parent closed: its child policy applies to the child. */
    APPLY_POLICY
  }

  public static final Transitions<ChildStatus, ChildAction> CHILD =
      Transitions.of("child workflow execution", ChildStatus.class, ChildAction.class)
          .add(ChildStatus.INITIATED, ChildStatus.STARTED, ChildAction.START)
          .add(ChildStatus.INITIATED, ChildStatus.CLOSED, ChildAction.FAIL_TO_START)
          .add(ChildStatus.STARTED, ChildStatus.CLOSED, ChildAction.CLOSE)
          .add(ChildStatus.STARTED, ChildStatus.STARTED, ChildAction.APPLY_POLICY);

  public static ChildStatus status(RunState.ChildState c) {
    return c.status();
  }

  // ------------------------------------------------------------------ signal / cancel request

  public enum ExternalStatus {
    INITIATED,
    CLOSED
  }

  public enum ExternalAction {
    /** Delivered: ExternalWorkflowExecutionSignaled / ...CancelRequested. */
    DELIVER,
    /** The target run is unknown or closed: ...Failed. */
    FAIL
  }

  public static final Transitions<ExternalStatus, ExternalAction> EXTERNAL =
      Transitions.of("external workflow request", ExternalStatus.class, ExternalAction.class)
          .add(
              ExternalStatus.INITIATED,
              ExternalStatus.CLOSED,
              ExternalAction.DELIVER,
              ExternalAction.FAIL);

  // ------------------------------------------------------------------ Lambda task

  public enum LambdaStatus {
    SCHEDULED,
    STARTED,
    CLOSED
  }

  public enum LambdaAction {
    START,
    FAIL_TO_START,
    COMPLETE,
    FAIL,
    TIME_OUT
  }

  public static final Transitions<LambdaStatus, LambdaAction> LAMBDA =
      Transitions.of("Lambda task", LambdaStatus.class, LambdaAction.class)
          .add(LambdaStatus.SCHEDULED, LambdaStatus.STARTED, LambdaAction.START)
          .add(LambdaStatus.SCHEDULED, LambdaStatus.CLOSED, LambdaAction.FAIL_TO_START)
          .add(
              LambdaStatus.STARTED,
              LambdaStatus.CLOSED,
              LambdaAction.COMPLETE,
              LambdaAction.FAIL,
              LambdaAction.TIME_OUT);

  public static LambdaStatus status(RunState.LambdaState l) {
    return l.status();
  }
}
