package io.swfd.engine.state;

import static io.swfd.run.Lifecycles.*;

import io.swfd.engine.Durations;
import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.ItemKind;
import io.swfd.run.ItemRef;
import io.swfd.run.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Folds history events into a {@link RunState}. The engine changes a run only by appending events
 * and applying them here, so replaying a run's history rebuilds its state (heartbeat time and
 * details, which SWF keeps outside the history, excepted). Each event opens, changes or closes at
 * most one pending item; {@link #apply} names it, so that a commit writes that item's row and no
 * other (closing the run removes its activity tasks, timers and Lambda tasks all at once). Every
 * change of a pending item's or the run's state goes through its transition table ({@link
 * io.swfd.run.Lifecycles}): an event the table does not allow is a bug, and fails the unit of work.
 */
public final class RunStateApplier {
  private RunStateApplier() {}

  /** Applies {@code e} to {@code s}; returns the pending item it touched, null if none. */
  public static ItemRef apply(RunState s, HistoryEvent e) {
    if (!e.type().closesRun()) RUN.next(status(s), RunAction.RECORD);
    s.nextEventId = e.eventId() + 1;
    long at = e.timestamp().toEpochMilli();
    ItemRef touched = null;
    switch (e.type()) {
      case WorkflowExecutionStarted -> started(s, e, at);
      case WorkflowExecutionCancelRequested -> s.cancelRequested = true;
      case WorkflowExecutionCompleted -> close(s, RunState.CloseStatus.COMPLETED, at);
      case WorkflowExecutionFailed -> close(s, RunState.CloseStatus.FAILED, at);
      case WorkflowExecutionCanceled -> close(s, RunState.CloseStatus.CANCELED, at);
      case WorkflowExecutionTerminated -> close(s, RunState.CloseStatus.TERMINATED, at);
      case WorkflowExecutionTimedOut -> close(s, RunState.CloseStatus.TIMED_OUT, at);
      case WorkflowExecutionContinuedAsNew -> close(s, RunState.CloseStatus.CONTINUED_AS_NEW, at);
      case DecisionTaskScheduled ->
          s.decision = s.decision.schedule(e.eventId(), at, e.nestedString("taskList", "name"));
      case DecisionTaskStarted -> s.decision = s.decision.start(e.eventId());
      case DecisionTaskCompleted -> {
        s.decision =
            s.decision.complete(
                e.number("startedEventId"),
                s.taskList,
                e.nestedString("taskList", "name"),
                e.string("taskListScheduleToStartTimeout"));
        if (e.string("executionContext") != null)
          s.latestExecutionContext = e.string("executionContext");
      }
      case DecisionTaskTimedOut ->
          s.decision =
              s.decision.timeOut(
                  "SCHEDULE_TO_START".equals(e.string("timeoutType"))
                      ? DecisionAction.TIME_OUT_SCHEDULE_TO_START
                      : DecisionAction.TIME_OUT_START_TO_CLOSE);
      case ActivityTaskScheduled -> {
        scheduleActivity(s, e, at);
        touched = ItemRef.of(ItemKind.ACTIVITY, e.eventId());
      }
      case ActivityTaskStarted -> {
        RunState.ActivityState a = activity(s, e.number("scheduledEventId"));
        s.activities.put(a.scheduledEventId, a.start(e.eventId(), at));
        touched = ItemRef.of(ItemKind.ACTIVITY, a.scheduledEventId);
      }
      case ActivityTaskCompleted,
          ActivityTaskFailed,
          ActivityTaskTimedOut,
          ActivityTaskCanceled -> {
        long id = e.number("scheduledEventId");
        activity(s, id).close(activityClose(e));
        s.activities.remove(id);
        touched = ItemRef.of(ItemKind.ACTIVITY, id);
      }
      case ActivityTaskCancelRequested -> {
        RunState.ActivityState a = s.openActivityById(e.string("activityId"));
        if (a == null)
          throw new IllegalStateException("no open activity task " + e.string("activityId"));
        s.activities.put(a.scheduledEventId, a.requestCancel(e.eventId()));
        touched = ItemRef.of(ItemKind.ACTIVITY, a.scheduledEventId);
      }
      case TimerStarted -> {
        Duration fire = Durations.toDuration(e.string("startToFireTimeout"));
        RunState.TimerState t =
            new RunState.TimerState(e.string("timerId"), e.eventId(), at + fire.toMillis());
        s.timers.put(t.timerId, t);
        touched = ItemRef.timer(t.timerId);
      }
      case TimerFired, TimerCanceled -> {
        String id = e.string("timerId");
        RunState.TimerState t = s.timers.get(id);
        if (t == null) throw new IllegalStateException("no open timer " + id);
        t.close(e.type() == EventType.TimerFired ? TimerAction.FIRE : TimerAction.CANCEL);
        s.timers.remove(id);
        touched = ItemRef.timer(id);
      }
      case StartChildWorkflowExecutionInitiated -> {
        s.children.put(e.eventId(), child(e));
        touched = ItemRef.of(ItemKind.CHILD, e.eventId());
      }
      case ChildWorkflowExecutionStarted -> {
        RunState.ChildState c = child(s, e.number("initiatedEventId"));
        s.children.put(
            c.initiatedEventId,
            c.start((String) e.struct("workflowExecution").get("runId"), e.eventId()));
        touched = ItemRef.of(ItemKind.CHILD, c.initiatedEventId);
      }
      case StartChildWorkflowExecutionFailed,
          ChildWorkflowExecutionCompleted,
          ChildWorkflowExecutionFailed,
          ChildWorkflowExecutionTimedOut,
          ChildWorkflowExecutionCanceled,
          ChildWorkflowExecutionTerminated -> {
        long id = e.number("initiatedEventId");
        boolean failedToStart = e.type() == EventType.StartChildWorkflowExecutionFailed;
        // StartChildWorkflowExecutionFailed of a child refused before initiation names event 0
        if (!(failedToStart && id == 0)) {
          child(s, id).close(failedToStart ? ChildAction.FAIL_TO_START : ChildAction.CLOSE);
          s.children.remove(id);
          touched = ItemRef.of(ItemKind.CHILD, id);
        }
      }
      case LambdaFunctionScheduled -> {
        RunState.LambdaState l =
            new RunState.LambdaState(
                e.eventId(), e.string("id"), e.string("name"), e.string("startToCloseTimeout"), 0);
        s.lambdas.put(l.scheduledEventId, l);
        touched = ItemRef.of(ItemKind.LAMBDA, l.scheduledEventId);
      }
      case LambdaFunctionStarted -> {
        RunState.LambdaState l = lambda(s, e.number("scheduledEventId"));
        s.lambdas.put(l.scheduledEventId, l.start(e.eventId()));
        touched = ItemRef.of(ItemKind.LAMBDA, l.scheduledEventId);
      }
      case LambdaFunctionCompleted,
          LambdaFunctionFailed,
          LambdaFunctionTimedOut,
          StartLambdaFunctionFailed -> {
        long id = e.number("scheduledEventId");
        lambda(s, id)
            .close(
                switch (e.type()) {
                  case LambdaFunctionCompleted -> LambdaAction.COMPLETE;
                  case LambdaFunctionFailed -> LambdaAction.FAIL;
                  case LambdaFunctionTimedOut -> LambdaAction.TIME_OUT;
                  default -> LambdaAction.FAIL_TO_START;
                });
        s.lambdas.remove(id);
        touched = ItemRef.of(ItemKind.LAMBDA, id);
      }
      case SignalExternalWorkflowExecutionInitiated -> {
        s.externals.put(e.eventId(), external(e, RunState.ExternalState.Kind.SIGNAL));
        touched = ItemRef.of(ItemKind.EXTERNAL, e.eventId());
      }
      case RequestCancelExternalWorkflowExecutionInitiated -> {
        s.externals.put(e.eventId(), external(e, RunState.ExternalState.Kind.CANCEL));
        touched = ItemRef.of(ItemKind.EXTERNAL, e.eventId());
      }
      case ExternalWorkflowExecutionSignaled,
          SignalExternalWorkflowExecutionFailed,
          ExternalWorkflowExecutionCancelRequested,
          RequestCancelExternalWorkflowExecutionFailed -> {
        long id = e.number("initiatedEventId");
        boolean failed =
            e.type() == EventType.SignalExternalWorkflowExecutionFailed
                || e.type() == EventType.RequestCancelExternalWorkflowExecutionFailed;
        // a decision refused before initiation (OPERATION_NOT_PERMITTED, the decision rate
        // exceeded) fails with initiatedEventId 0: there is no request to close
        if (failed && id == 0) break;
        RunState.ExternalState x = s.externals.get(id);
        if (x == null) throw new IllegalStateException("no undelivered request " + id);
        x.close(
            e.type() == EventType.ExternalWorkflowExecutionSignaled
                    || e.type() == EventType.ExternalWorkflowExecutionCancelRequested
                ? ExternalAction.DELIVER
                : ExternalAction.FAIL);
        s.externals.remove(id);
        touched = ItemRef.of(ItemKind.EXTERNAL, id);
      }
      default -> {
        // markers, failures of decisions and the like change nothing but the event count
      }
    }
    // events that need a decision while a decision task is running are handled when it completes
    if (e.type().wakesDecider() && s.decision.isStarted()) s.decision = s.decision.wakePending();
    return touched;
  }

  /** The open activity task an event names; an event of a task the run does not have is a bug. */
  private static RunState.ActivityState activity(RunState s, long scheduledEventId) {
    RunState.ActivityState a = s.activities.get(scheduledEventId);
    if (a == null) throw new IllegalStateException("no open activity task " + scheduledEventId);
    return a;
  }

  private static RunState.ChildState child(RunState s, long initiatedEventId) {
    RunState.ChildState c = s.children.get(initiatedEventId);
    if (c == null) throw new IllegalStateException("no open child run " + initiatedEventId);
    return c;
  }

  private static RunState.LambdaState lambda(RunState s, long scheduledEventId) {
    RunState.LambdaState l = s.lambdas.get(scheduledEventId);
    if (l == null) throw new IllegalStateException("no open Lambda task " + scheduledEventId);
    return l;
  }

  private static ActivityAction activityClose(HistoryEvent e) {
    return switch (e.type()) {
      case ActivityTaskCompleted -> ActivityAction.COMPLETE;
      case ActivityTaskFailed -> ActivityAction.FAIL;
      case ActivityTaskCanceled -> ActivityAction.CANCEL;
      default ->
          switch (String.valueOf(e.string("timeoutType"))) {
            case "SCHEDULE_TO_START" -> ActivityAction.TIME_OUT_SCHEDULE_TO_START;
            case "SCHEDULE_TO_CLOSE" -> ActivityAction.TIME_OUT_SCHEDULE_TO_CLOSE;
            case "HEARTBEAT" -> ActivityAction.TIME_OUT_HEARTBEAT;
            default -> ActivityAction.TIME_OUT_START_TO_CLOSE;
          };
    };
  }

  private static void started(RunState s, HistoryEvent e, long at) {
    s.startedAt = at;
    s.typeName = e.nestedString("workflowType", "name");
    s.typeVersion = e.nestedString("workflowType", "version");
    s.taskList = e.nestedString("taskList", "name");
    s.taskPriority = e.string("taskPriority");
    s.executionStartToCloseTimeout = e.string("executionStartToCloseTimeout");
    s.taskStartToCloseTimeout = e.string("taskStartToCloseTimeout");
    s.childPolicy = e.string("childPolicy");
    s.lambdaRole = e.string("lambdaRole");
    s.continuedExecutionRunId = e.string("continuedExecutionRunId");
    List<String> tags = e.list("tagList");
    s.tagList = tags == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(tags);
    Map<String, Object> parent = e.struct("parentWorkflowExecution");
    if (parent != null) {
      s.parentWorkflowId = (String) parent.get("workflowId");
      s.parentRunId = (String) parent.get("runId");
      s.parentInitiatedEventId = e.optionalNumber("parentInitiatedEventId").orElse(0);
    }
  }

  private static void scheduleActivity(RunState s, HistoryEvent e, long at) {
    RunState.ActivityState a =
        new RunState.ActivityState(
            e.eventId(),
            e.string("activityId"),
            e.nestedString("activityType", "name"),
            e.nestedString("activityType", "version"),
            e.nestedString("taskList", "name"),
            e.string("taskPriority"),
            e.string("scheduleToStartTimeout"),
            e.string("scheduleToCloseTimeout"),
            e.string("startToCloseTimeout"),
            e.string("heartbeatTimeout"),
            at,
            0,
            0,
            0,
            null,
            0);
    s.activities.put(a.scheduledEventId, a);
    s.latestActivityTaskScheduledAt = at;
  }

  private static RunState.ChildState child(HistoryEvent e) {
    return new RunState.ChildState(
        e.eventId(),
        e.number("decisionTaskCompletedEventId"),
        e.string("workflowId"),
        e.nestedString("workflowType", "name"),
        e.nestedString("workflowType", "version"),
        e.string("executionStartToCloseTimeout"),
        e.string("taskStartToCloseTimeout"),
        e.nestedString("taskList", "name"),
        e.string("taskPriority"),
        e.string("childPolicy"),
        e.string("lambdaRole"),
        null,
        0);
  }

  private static RunState.ExternalState external(HistoryEvent e, RunState.ExternalState.Kind kind) {
    return new RunState.ExternalState(
        kind,
        e.eventId(),
        e.number("decisionTaskCompletedEventId"),
        e.string("workflowId"),
        e.string("runId"),
        kind == RunState.ExternalState.Kind.SIGNAL ? e.string("signalName") : null);
  }

  /** A closed run keeps no open work: its tokens and timers are void from here on. */
  private static void close(RunState s, RunState.CloseStatus closeStatus, long at) {
    s.status = RUN.next(status(s), RunAction.CLOSE);
    s.decision = s.decision.drop();
    s.closeStatus = closeStatus;
    s.closedAt = at;
    s.activities.clear();
    s.timers.clear();
    s.lambdas.clear();
    // children stay listed (the child policy may still have to reach them) and signals or cancel
    // requests initiated just before closing are still delivered
  }
}
