package io.swfd.engine;

import static io.swfd.run.Lifecycles.*;

import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskListKey;
import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.Fault;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunNotFoundException;
import io.swfd.run.RunState;
import java.time.Duration;
import java.time.Instant;

/** Activity tasks: hand-out, the worker's answers, heartbeats and the four timeouts. */
public final class ActivityTasks {
  public record Started(
      String taskToken,
      String activityId,
      long startedEventId,
      String workflowId,
      String runId,
      String typeName,
      String typeVersion,
      String input) {}

  private final Runs runs;
  private final TaskTokens tokens;

  public ActivityTasks(Runs runs, TaskTokens tokens) {
    this.runs = runs;
    this.tokens = tokens;
  }

  /** Starts the activity task for a poller; null when it is no longer waiting for one. */
  public Started start(PendingTask task, String identity) {
    Started started;
    try {
      started =
          runs.update(
              task.runPk(),
              tx -> {
                RunState s = tx.state();
                RunState.ActivityState a =
                    s.isOpen() ? s.activities.get(task.scheduledEventId()) : null;
                if (a == null || !ACTIVITY.allows(status(a), ActivityAction.START)) return null;
                HistoryEvent e =
                    tx.append(
                        EventType.ActivityTaskStarted,
                        Attributes.of()
                            .put("identity", identity)
                            .put("scheduledEventId", a.scheduledEventId));
                // the start would have been the 25,000th event: the run was terminated instead, no
                // task
                // to hand out
                if (!s.isOpen()) return null;
                tx.disarmTimer(TimerKeys.activity(a.scheduledEventId, TimerKeys.Activity.S2S));
                tx.armTimer(
                    TimerKeys.activity(a.scheduledEventId, TimerKeys.Activity.STC),
                    a.startToCloseTimeout);
                tx.armTimer(
                    TimerKeys.activity(a.scheduledEventId, TimerKeys.Activity.HB),
                    a.heartbeatTimeout);
                String token =
                    tokens.issue(
                        new TaskTokens.Task(
                            TaskTokens.Kind.ACTIVITY, s.runPk, a.scheduledEventId, e.eventId()));
                return new Started(
                    token,
                    a.activityId,
                    e.eventId(),
                    s.workflowId,
                    s.runId,
                    a.typeName,
                    a.typeVersion,
                    null);
              });
    } catch (RunNotFoundException gone) {
      return null;
    }
    if (started == null) return null;
    // the input stays in the history (ActivityTaskScheduled), not in the run's pending state; read
    // outside the run's lock
    String input = runs.eventOf(task.runPk(), task.scheduledEventId()).string("input");
    return new Started(
        started.taskToken(),
        started.activityId(),
        started.startedEventId(),
        started.workflowId(),
        started.runId(),
        started.typeName(),
        started.typeVersion(),
        input);
  }

  public void completed(String token, String result) {
    close(token, EventType.ActivityTaskCompleted, Attributes.of().put("result", result));
  }

  public void failed(String token, String reason, String details) {
    close(
        token,
        EventType.ActivityTaskFailed,
        Attributes.of().put("reason", reason).put("details", details));
  }

  public void canceled(String token, String details) {
    close(token, EventType.ActivityTaskCanceled, Attributes.of().put("details", details));
  }

  private void close(String token, EventType type, Attributes attributes) {
    TaskTokens.Task t = tokens.open(token, TaskTokens.Kind.ACTIVITY);
    runs.update(
        t.runPk(),
        tx -> {
          RunState.ActivityState a = started(tx.state(), t);
          closing(tx, a);
          attributes
              .put("scheduledEventId", a.scheduledEventId)
              .put("startedEventId", a.startedEventId);
          if (type == EventType.ActivityTaskCanceled && a.cancelRequestedEventId > 0) {
            attributes.put("latestCancelRequestedEventId", a.cancelRequestedEventId);
          }
          tx.append(type, attributes);
          return null;
        });
  }

  /**
   * Records a heartbeat: only the time and details change (no history event); the heartbeat
   * deadline is computed from them when it comes due.
   *
   * @return whether the decider asked to cancel the task
   */
  public boolean heartbeat(String token, String details) {
    TaskTokens.Task t = tokens.open(token, TaskTokens.Kind.ACTIVITY);
    RunState.ActivityState beaten =
        runs.heartbeat(
            t.runPk(),
            s -> {
              RunState.ActivityState a = started(s, t).heartbeat(runs.clock().millis(), details);
              s.activities.put(a.scheduledEventId, a);
              return a;
            });
    return beaten.cancelRequestedEventId > 0;
  }

  /**
   * The started task a token names. A token of a run that has closed names the run (SWF's words for
   * an operation on a closed execution); one of a closed task of an open run names the task.
   */
  private static RunState.ActivityState started(RunState s, TaskTokens.Task t) {
    if (!s.isOpen()) throw WorkflowExecutions.unknownExecution(s.workflowId, s.runId);
    RunState.ActivityState a = s.activities.get(t.scheduledEventId());
    if (a == null || a.startedEventId != t.startedEventId()) {
      throw Fault.unknownResource("Unknown activity, scheduledEventId = " + t.scheduledEventId());
    }
    return a;
  }

  static void disarmAll(RunTx tx, long scheduledEventId) {
    for (TimerKeys.Activity k : TimerKeys.Activity.values())
      tx.disarmTimer(TimerKeys.activity(scheduledEventId, k));
  }

  /** A task about to close: its deadlines are disarmed (its row, heartbeat and all, goes). */
  private static void closing(RunTx tx, RunState.ActivityState a) {
    disarmAll(tx, a.scheduledEventId);
  }

  /**
   * An activity deadline came due: time the task out, or (heartbeat) re-arm if it beat since. When
   * several of the task's deadlines have passed at once (the server was down, or a test clock
   * jumped) the one that expired first is the timeout, whichever of them fires first here.
   */
  void onDeadline(RunTx tx, long scheduledEventId, TimerKeys.Activity kind) {
    RunState.ActivityState a = tx.state().activities.get(scheduledEventId);
    if (a == null) return;
    TimerKeys.Activity expired = null;
    Instant first = null;
    for (TimerKeys.Activity k : TimerKeys.Activity.values()) {
      Instant due = dueOf(a, k);
      if (due != null && !due.isAfter(tx.now()) && (first == null || due.isBefore(first))) {
        expired = k;
        first = due;
      }
    }
    if (expired != null) {
      timeOut(
          tx,
          a,
          switch (expired) {
            case S2S -> "SCHEDULE_TO_START";
            case S2C -> "SCHEDULE_TO_CLOSE";
            case STC -> "START_TO_CLOSE";
            case HB -> "HEARTBEAT";
          });
    } else if (kind == TimerKeys.Activity.HB
        && ACTIVITY.allows(status(a), ActivityAction.TIME_OUT_HEARTBEAT)) {
      Instant due = dueOf(a, TimerKeys.Activity.HB);
      if (due != null)
        tx.armTimer(TimerKeys.activity(scheduledEventId, TimerKeys.Activity.HB), due);
    }
  }

  /** When a deadline of the task falls (null: none, or it does not apply in the task's state). */
  private static Instant dueOf(RunState.ActivityState a, TimerKeys.Activity kind) {
    return switch (kind) {
      case S2S -> a.isStarted() ? null : plus(a.scheduledAt, a.scheduleToStartTimeout);
      case S2C -> plus(a.scheduledAt, a.scheduleToCloseTimeout);
      case STC -> a.isStarted() ? plus(a.startedAt, a.startToCloseTimeout) : null;
      case HB -> a.isStarted() ? plus(a.lastHeartbeatAt, a.heartbeatTimeout) : null;
    };
  }

  private static Instant plus(long epochMillis, String timeout) {
    Duration d = Durations.toDuration(timeout);
    return d == null ? null : Instant.ofEpochMilli(epochMillis).plus(d);
  }

  private static void timeOut(RunTx tx, RunState.ActivityState a, String timeoutType) {
    closing(tx, a);
    if (!a.isStarted()) tx.withdraw(TaskListKey.Kind.ACTIVITY, a.taskList, a.scheduledEventId);
    tx.append(
        EventType.ActivityTaskTimedOut,
        Attributes.of()
            .put("timeoutType", timeoutType)
            .put("scheduledEventId", a.scheduledEventId)
            .put("startedEventId", a.startedEventId)
            .put("details", a.heartbeatDetails));
  }
}
