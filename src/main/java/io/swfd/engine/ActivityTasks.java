package io.swfd.engine;

import io.swfd.api.SwfFault;
import io.swfd.engine.state.Attributes;
import io.swfd.engine.state.EventType;
import io.swfd.engine.state.HistoryEvent;
import io.swfd.engine.state.RunState;
import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskListKey;

import java.time.Duration;
import java.time.Instant;

/** Activity tasks: hand-out, the worker's answers, heartbeats and the four timeouts. */
public final class ActivityTasks {
    public record Started(String taskToken, String activityId, long startedEventId, String workflowId, String runId,
                          String typeName, String typeVersion, String input) {
    }

    private final Runs runs;
    private final TaskTokens tokens;

    public ActivityTasks(Runs runs, TaskTokens tokens) {
        this.runs = runs;
        this.tokens = tokens;
    }

    /** Starts the activity task for a poller; null when it is no longer waiting for one. */
    public Started start(PendingTask task, String identity) {
        try {
            return runs.update(task.runPk(), tx -> {
                RunState s = tx.state();
                RunState.ActivityState a = s.isOpen() ? s.activities.get(task.scheduledEventId()) : null;
                if (a == null || a.isStarted()) return null;
                HistoryEvent e = tx.append(EventType.ActivityTaskStarted, Attributes.of()
                        .put("identity", identity).put("scheduledEventId", a.scheduledEventId));
                tx.disarmTimer(TimerKeys.activity(a.scheduledEventId, TimerKeys.Activity.S2S));
                tx.armTimer(TimerKeys.activity(a.scheduledEventId, TimerKeys.Activity.STC), a.startToCloseTimeout);
                tx.armTimer(TimerKeys.activity(a.scheduledEventId, TimerKeys.Activity.HB), a.heartbeatTimeout);
                String token = tokens.issue(new TaskTokens.Task(TaskTokens.Kind.ACTIVITY, s.runPk, a.scheduledEventId, e.eventId()));
                return new Started(token, a.activityId, e.eventId(), s.workflowId, s.runId, a.typeName, a.typeVersion, a.input);
            });
        } catch (SwfFault gone) {
            return null;
        }
    }

    public void completed(String token, String result) {
        close(token, EventType.ActivityTaskCompleted, Attributes.of().put("result", result));
    }

    public void failed(String token, String reason, String details) {
        close(token, EventType.ActivityTaskFailed, Attributes.of().put("reason", reason).put("details", details));
    }

    public void canceled(String token, String details) {
        close(token, EventType.ActivityTaskCanceled, Attributes.of().put("details", details));
    }

    private void close(String token, EventType type, Attributes attributes) {
        TaskTokens.Task t = tokens.open(token, TaskTokens.Kind.ACTIVITY);
        runs.update(t.runPk(), tx -> {
            RunState.ActivityState a = started(tx.state(), t);
            disarmAll(tx, a.scheduledEventId);
            attributes.put("scheduledEventId", a.scheduledEventId).put("startedEventId", a.startedEventId);
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
        return runs.update(t.runPk(), tx -> {
            RunState.ActivityState a = started(tx.state(), t);
            a.lastHeartbeatAt = tx.now().toEpochMilli();
            if (details != null) a.heartbeatDetails = details;
            tx.touch();
            return a.cancelRequestedEventId > 0;
        });
    }

    private static RunState.ActivityState started(RunState s, TaskTokens.Task t) {
        RunState.ActivityState a = s.isOpen() ? s.activities.get(t.scheduledEventId()) : null;
        if (a == null || a.startedEventId != t.startedEventId()) {
            throw SwfFault.unknownResource("Unknown activity, scheduledEventId = " + t.scheduledEventId());
        }
        return a;
    }

    static void disarmAll(RunTx tx, long scheduledEventId) {
        for (TimerKeys.Activity k : TimerKeys.Activity.values()) tx.disarmTimer(TimerKeys.activity(scheduledEventId, k));
    }

    /** An activity deadline came due: time the task out, or (heartbeat) re-arm if it beat since. */
    void onDeadline(RunTx tx, long scheduledEventId, TimerKeys.Activity kind) {
        RunState.ActivityState a = tx.state().activities.get(scheduledEventId);
        if (a == null) return;
        switch (kind) {
            case S2S -> {
                if (!a.isStarted()) timeOut(tx, a, "SCHEDULE_TO_START");
            }
            case S2C -> timeOut(tx, a, "SCHEDULE_TO_CLOSE");
            case STC -> {
                if (a.isStarted()) timeOut(tx, a, "START_TO_CLOSE");
            }
            case HB -> {
                if (!a.isStarted()) return;
                Instant due = Instant.ofEpochMilli(a.lastHeartbeatAt).plus(Duration.ofSeconds(Durations.parseSeconds(a.heartbeatTimeout)));
                if (due.isAfter(tx.now())) tx.armTimer(TimerKeys.activity(scheduledEventId, TimerKeys.Activity.HB), due);
                else timeOut(tx, a, "HEARTBEAT");
            }
        }
    }

    private static void timeOut(RunTx tx, RunState.ActivityState a, String timeoutType) {
        disarmAll(tx, a.scheduledEventId);
        if (!a.isStarted()) tx.withdraw(TaskListKey.Kind.ACTIVITY, a.taskList, a.scheduledEventId);
        tx.append(EventType.ActivityTaskTimedOut, Attributes.of()
                .put("timeoutType", timeoutType)
                .put("scheduledEventId", a.scheduledEventId)
                .put("startedEventId", a.startedEventId)
                .put("details", a.heartbeatDetails));
    }
}
