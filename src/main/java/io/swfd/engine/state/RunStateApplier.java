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
    RunState.DecisionTaskState d = s.decision;
    ItemRef touched = null;
    switch (e.type()) {
      case WorkflowExecutionStarted -> started(s, e, at);
      case WorkflowExecutionCancelRequested -> s.cancelRequested = true;
      case WorkflowExecutionCompleted -> close(s, "COMPLETED", at);
      case WorkflowExecutionFailed -> close(s, "FAILED", at);
      case WorkflowExecutionCanceled -> close(s, "CANCELED", at);
      case WorkflowExecutionTerminated -> close(s, "TERMINATED", at);
      case WorkflowExecutionTimedOut -> close(s, "TIMED_OUT", at);
      case WorkflowExecutionContinuedAsNew -> close(s, "CONTINUED_AS_NEW", at);
      case DecisionTaskScheduled -> {
        d.status = DECISION.next(status(d), DecisionAction.SCHEDULE).name();
        d.scheduledEventId = e.eventId();
        d.scheduledAt = at;
        d.startedEventId = 0;
        d.wakePending = false;
        d.scheduledOnTaskList = e.nestedString("taskList", "name");
      }
      case DecisionTaskStarted -> {
        d.status = DECISION.next(status(d), DecisionAction.START).name();
        d.startedEventId = e.eventId();
      }
      case DecisionTaskCompleted -> {
        d.status = DECISION.next(status(d), DecisionAction.COMPLETE).name();
        d.wakePending = false;
        d.previousStartedEventId = e.number("startedEventId");
        if (e.string("executionContext") != null)
          s.latestExecutionContext = e.string("executionContext");
        String override = e.nestedString("taskList", "name");
        if (override != null) {
          d.taskListOverride = override.equals(s.taskList) ? null : override;
          d.overrideScheduleToStartTimeout = e.string("taskListScheduleToStartTimeout");
        }
      }
      case DecisionTaskTimedOut -> {
        d.status =
            DECISION
                .next(
                    status(d),
                    "SCHEDULE_TO_START".equals(e.string("timeoutType"))
                        ? DecisionAction.TIME_OUT_SCHEDULE_TO_START
                        : DecisionAction.TIME_OUT_START_TO_CLOSE)
                .name();
        // a temporary task-list override ends when a task on it times out (SWF API Reference,
        // RespondDecisionTaskCompleted's taskList: the override lasts until a task on it times out)
        if (d.overrideScheduleToStartTimeout != null) {
          d.taskListOverride = null;
          d.overrideScheduleToStartTimeout = null;
        }
      }
      case ActivityTaskScheduled -> {
        scheduleActivity(s, e, at);
        touched = ItemRef.of(ItemKind.ACTIVITY, e.eventId());
      }
      case ActivityTaskStarted -> {
        RunState.ActivityState a = s.activities.get(e.number("scheduledEventId"));
        ACTIVITY.next(status(a), ActivityAction.START);
        a.startedEventId = e.eventId();
        a.startedAt = at;
        a.lastHeartbeatAt = at;
        touched = ItemRef.of(ItemKind.ACTIVITY, a.scheduledEventId);
      }
      case ActivityTaskCompleted,
          ActivityTaskFailed,
          ActivityTaskTimedOut,
          ActivityTaskCanceled -> {
        RunState.ActivityState a = s.activities.get(e.number("scheduledEventId"));
        if (a != null) ACTIVITY.next(status(a), activityClose(e));
        s.activities.remove(e.number("scheduledEventId"));
        touched = ItemRef.of(ItemKind.ACTIVITY, e.number("scheduledEventId"));
      }
      case ActivityTaskCancelRequested -> {
        RunState.ActivityState a = s.openActivityById(e.string("activityId"));
        if (a != null) {
          ACTIVITY.next(status(a), ActivityAction.REQUEST_CANCEL);
          a.cancelRequestedEventId = e.eventId();
          touched = ItemRef.of(ItemKind.ACTIVITY, a.scheduledEventId);
        }
      }
      case TimerStarted -> {
        RunState.TimerState t = new RunState.TimerState();
        t.timerId = e.string("timerId");
        t.startedEventId = e.eventId();
        Duration fire = Durations.toDuration(e.string("startToFireTimeout"));
        t.fireAt = at + fire.toMillis();
        s.timers.put(t.timerId, t);
        touched = ItemRef.timer(t.timerId);
      }
      case TimerFired, TimerCanceled -> {
        if (s.timers.containsKey(e.string("timerId")))
          TIMER.next(
              TimerStatus.STARTED,
              e.type() == EventType.TimerFired ? TimerAction.FIRE : TimerAction.CANCEL);
        s.timers.remove(e.string("timerId"));
        touched = ItemRef.timer(e.string("timerId"));
      }
      case StartChildWorkflowExecutionInitiated -> {
        s.children.put(e.eventId(), child(e));
        touched = ItemRef.of(ItemKind.CHILD, e.eventId());
      }
      case ChildWorkflowExecutionStarted -> {
        RunState.ChildState c = s.children.get(e.number("initiatedEventId"));
        if (c != null) {
          CHILD.next(status(c), ChildAction.START);
          c.runId = (String) e.struct("workflowExecution").get("runId");
          c.startedEventId = e.eventId();
          touched = ItemRef.of(ItemKind.CHILD, c.initiatedEventId);
        }
      }
      case StartChildWorkflowExecutionFailed,
          ChildWorkflowExecutionCompleted,
          ChildWorkflowExecutionFailed,
          ChildWorkflowExecutionTimedOut,
          ChildWorkflowExecutionCanceled,
          ChildWorkflowExecutionTerminated -> {
        // StartChildWorkflowExecutionFailed of a child refused before initiation names event 0
        RunState.ChildState c = s.children.get(e.number("initiatedEventId"));
        if (c != null)
          CHILD.next(
              status(c),
              e.type() == EventType.StartChildWorkflowExecutionFailed
                  ? ChildAction.FAIL_TO_START
                  : ChildAction.CLOSE);
        if (s.children.remove(e.number("initiatedEventId")) != null)
          touched = ItemRef.of(ItemKind.CHILD, e.number("initiatedEventId"));
      }
      case LambdaFunctionScheduled -> {
        RunState.LambdaState l = new RunState.LambdaState();
        l.scheduledEventId = e.eventId();
        l.id = e.string("id");
        l.name = e.string("name");
        l.startToCloseTimeout = e.string("startToCloseTimeout");
        s.lambdas.put(l.scheduledEventId, l);
        touched = ItemRef.of(ItemKind.LAMBDA, l.scheduledEventId);
      }
      case LambdaFunctionStarted -> {
        RunState.LambdaState l = s.lambdas.get(e.number("scheduledEventId"));
        if (l != null) {
          LAMBDA.next(status(l), LambdaAction.START);
          l.startedEventId = e.eventId();
          touched = ItemRef.of(ItemKind.LAMBDA, l.scheduledEventId);
        }
      }
      case LambdaFunctionCompleted,
          LambdaFunctionFailed,
          LambdaFunctionTimedOut,
          StartLambdaFunctionFailed -> {
        RunState.LambdaState l = s.lambdas.get(e.number("scheduledEventId"));
        if (l != null)
          LAMBDA.next(
              status(l),
              switch (e.type()) {
                case LambdaFunctionCompleted -> LambdaAction.COMPLETE;
                case LambdaFunctionFailed -> LambdaAction.FAIL;
                case LambdaFunctionTimedOut -> LambdaAction.TIME_OUT;
                default -> LambdaAction.FAIL_TO_START;
              });
        if (s.lambdas.remove(e.number("scheduledEventId")) != null)
          touched = ItemRef.of(ItemKind.LAMBDA, e.number("scheduledEventId"));
      }
      case SignalExternalWorkflowExecutionInitiated -> {
        s.externals.put(e.eventId(), external(e, "SIGNAL"));
        touched = ItemRef.of(ItemKind.EXTERNAL, e.eventId());
      }
      case RequestCancelExternalWorkflowExecutionInitiated -> {
        s.externals.put(e.eventId(), external(e, "CANCEL"));
        touched = ItemRef.of(ItemKind.EXTERNAL, e.eventId());
      }
      case ExternalWorkflowExecutionSignaled,
          SignalExternalWorkflowExecutionFailed,
          ExternalWorkflowExecutionCancelRequested,
          RequestCancelExternalWorkflowExecutionFailed -> {
        if (s.externals.containsKey(e.number("initiatedEventId")))
          EXTERNAL.next(
              ExternalStatus.INITIATED,
              e.type() == EventType.ExternalWorkflowExecutionSignaled
                      || e.type() == EventType.ExternalWorkflowExecutionCancelRequested
                  ? ExternalAction.DELIVER
                  : ExternalAction.FAIL);
        if (s.externals.remove(e.number("initiatedEventId")) != null)
          touched = ItemRef.of(ItemKind.EXTERNAL, e.number("initiatedEventId"));
      }
      default -> {
        // markers, failures of decisions and the like change nothing but the event count
      }
    }
    // events that need a decision while a decision task is running are handled when it completes
    if (e.type().wakesDecider() && d.isStarted()) d.wakePending = true;
    return touched;
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
    RunState.ActivityState a = new RunState.ActivityState();
    a.scheduledEventId = e.eventId();
    a.activityId = e.string("activityId");
    a.typeName = e.nestedString("activityType", "name");
    a.typeVersion = e.nestedString("activityType", "version");
    a.taskList = e.nestedString("taskList", "name");
    a.taskPriority = e.string("taskPriority");
    a.scheduleToStartTimeout = e.string("scheduleToStartTimeout");
    a.scheduleToCloseTimeout = e.string("scheduleToCloseTimeout");
    a.startToCloseTimeout = e.string("startToCloseTimeout");
    a.heartbeatTimeout = e.string("heartbeatTimeout");
    a.scheduledAt = at;
    s.activities.put(a.scheduledEventId, a);
    s.latestActivityTaskScheduledAt = at;
  }

  private static RunState.ChildState child(HistoryEvent e) {
    RunState.ChildState c = new RunState.ChildState();
    c.initiatedEventId = e.eventId();
    c.decisionTaskCompletedEventId = e.number("decisionTaskCompletedEventId");
    c.workflowId = e.string("workflowId");
    c.typeName = e.nestedString("workflowType", "name");
    c.typeVersion = e.nestedString("workflowType", "version");
    c.executionStartToCloseTimeout = e.string("executionStartToCloseTimeout");
    c.taskStartToCloseTimeout = e.string("taskStartToCloseTimeout");
    c.taskList = e.nestedString("taskList", "name");
    c.taskPriority = e.string("taskPriority");
    c.childPolicy = e.string("childPolicy");
    c.lambdaRole = e.string("lambdaRole");
    return c;
  }

  private static RunState.ExternalState external(HistoryEvent e, String kind) {
    RunState.ExternalState x = new RunState.ExternalState();
    x.kind = kind;
    x.initiatedEventId = e.eventId();
    x.decisionTaskCompletedEventId = e.number("decisionTaskCompletedEventId");
    x.workflowId = e.string("workflowId");
    x.runId = e.string("runId");
    x.signalName = "SIGNAL".equals(kind) ? e.string("signalName") : null;
    return x;
  }

  /** A closed run keeps no open work: its tokens and timers are void from here on. */
  private static void close(RunState s, String closeStatus, long at) {
    s.status = RUN.next(status(s), RunAction.CLOSE).name();
    s.decision.status = DECISION.next(status(s.decision), DecisionAction.DROP).name();
    s.closeStatus = closeStatus;
    s.closedAt = at;
    s.activities.clear();
    s.timers.clear();
    s.lambdas.clear();
    // children stay listed (the child policy may still have to reach them) and signals or cancel
    // requests initiated just before closing are still delivered
  }
}
