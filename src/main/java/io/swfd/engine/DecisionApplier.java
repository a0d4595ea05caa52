package io.swfd.engine;

import io.swfd.engine.state.Attributes;
import io.swfd.engine.state.EventType;
import io.swfd.engine.state.HistoryEvent;
import io.swfd.engine.state.RunState;
import io.swfd.matching.TaskListKey;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;

import java.util.Optional;

/**
 * Carries out one decision: its success events, or its *Failed event with the cause SWF gives
 * (failures wake the decider through the event type). Decisions are applied in list order after
 * DecisionTaskCompleted; a failed one does not stop the rest.
 */
final class DecisionApplier {
    static final int MAX_OPEN_ACTIVITIES = 1000;
    static final int MAX_OPEN_TIMERS = 1000;

    private final Registry registry;

    DecisionApplier(Registry registry) {
        this.registry = registry;
    }

    /**
     * @param completedEventId the DecisionTaskCompleted event of this batch
     * @param unhandled        events needing a decision arrived after the task started
     */
    void apply(RunTx tx, Decision d, long completedEventId, boolean unhandled) {
        switch (d.type()) {
            case "ScheduleActivityTask" -> scheduleActivity(tx, d, completedEventId);
            case "RequestCancelActivityTask" -> requestCancelActivity(tx, d, completedEventId);
            case "RecordMarker" -> tx.append(EventType.MarkerRecorded, Attributes.of()
                    .put("markerName", d.string("markerName")).put("details", d.string("details"))
                    .put("decisionTaskCompletedEventId", completedEventId));
            case "StartTimer" -> startTimer(tx, d, completedEventId);
            case "CancelTimer" -> cancelTimer(tx, d, completedEventId);
            case "CompleteWorkflowExecution" -> close(tx, unhandled, completedEventId,
                    EventType.WorkflowExecutionCompleted, Attributes.of().put("result", d.string("result")),
                    EventType.CompleteWorkflowExecutionFailed);
            case "FailWorkflowExecution" -> close(tx, unhandled, completedEventId,
                    EventType.WorkflowExecutionFailed,
                    Attributes.of().put("reason", d.string("reason")).put("details", d.string("details")),
                    EventType.FailWorkflowExecutionFailed);
            case "CancelWorkflowExecution" -> close(tx, unhandled, completedEventId,
                    EventType.WorkflowExecutionCanceled, Attributes.of().put("details", d.string("details")),
                    EventType.CancelWorkflowExecutionFailed);
            case "ScheduleLambdaFunction" -> tx.append(EventType.ScheduleLambdaFunctionFailed, Attributes.of()
                    .put("id", d.string("id")).put("name", d.string("name"))
                    .put("cause", "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION")
                    .put("decisionTaskCompletedEventId", completedEventId));
            default -> throw new IllegalStateException("decision type not supported: " + d.type());
        }
    }

    private void scheduleActivity(RunTx tx, Decision d, long completedEventId) {
        RunState s = tx.state();
        String name = d.nested("activityType", "name");
        String version = d.nested("activityType", "version");
        String activityId = d.string("activityId");
        Optional<RegisteredType> type = registry.findType(new TypeKey(TypeKind.ACTIVITY, s.region, s.domain, name, version));
        String cause = null;
        TypeDefaults defaults = type.map(RegisteredType::defaults).orElse(null);
        if (type.isEmpty()) cause = "ACTIVITY_TYPE_DOES_NOT_EXIST";
        else if (type.get().status() == RegistrationStatus.DEPRECATED) cause = "ACTIVITY_TYPE_DEPRECATED";
        else if (s.openActivityById(activityId) != null) cause = "ACTIVITY_ID_ALREADY_IN_USE";
        else if (s.activities.size() >= MAX_OPEN_ACTIVITIES) cause = "OPEN_ACTIVITIES_LIMIT_EXCEEDED";
        String s2c = or(d.string("scheduleToCloseTimeout"), defaults == null ? null : defaults.scheduleToCloseTimeout());
        String taskList = or(d.nested("taskList", "name"), defaults == null ? null : defaults.taskList());
        String s2s = or(d.string("scheduleToStartTimeout"), defaults == null ? null : defaults.scheduleToStartTimeout());
        String stc = or(d.string("startToCloseTimeout"), defaults == null ? null : defaults.taskStartToCloseTimeout());
        String hb = or(d.string("heartbeatTimeout"), defaults == null ? null : defaults.heartbeatTimeout());
        if (cause == null) {
            if (s2c == null) cause = "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED";
            else if (taskList == null) cause = "DEFAULT_TASK_LIST_UNDEFINED";
            else if (s2s == null) cause = "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED";
            else if (stc == null) cause = "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED";
            else if (hb == null) cause = "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED";
        }
        if (cause != null) {
            tx.append(EventType.ScheduleActivityTaskFailed, Attributes.of()
                    .type("activityType", name, version).put("activityId", activityId).put("cause", cause)
                    .put("decisionTaskCompletedEventId", completedEventId));
            return;
        }
        String priority = or(d.string("taskPriority"), or(defaults.taskPriority(), "0"));
        HistoryEvent e = tx.append(EventType.ActivityTaskScheduled, Attributes.of()
                .type("activityType", name, version)
                .put("activityId", activityId)
                .put("input", d.string("input"))
                .put("control", d.string("control"))
                .put("scheduleToStartTimeout", s2s)
                .put("scheduleToCloseTimeout", s2c)
                .put("startToCloseTimeout", stc)
                .named("taskList", taskList)
                .put("taskPriority", priority)
                .put("decisionTaskCompletedEventId", completedEventId)
                .put("heartbeatTimeout", hb));
        tx.armTimer(TimerKeys.activity(e.eventId(), TimerKeys.Activity.S2S), s2s);
        tx.armTimer(TimerKeys.activity(e.eventId(), TimerKeys.Activity.S2C), s2c);
        tx.dispatch(TaskListKey.Kind.ACTIVITY, taskList, priority, e.eventId());
    }

    private static void requestCancelActivity(RunTx tx, Decision d, long completedEventId) {
        String activityId = d.string("activityId");
        RunState.ActivityState a = tx.state().openActivityById(activityId);
        if (a == null) {
            tx.append(EventType.RequestCancelActivityTaskFailed, Attributes.of().put("activityId", activityId)
                    .put("cause", "ACTIVITY_ID_UNKNOWN").put("decisionTaskCompletedEventId", completedEventId));
            return;
        }
        HistoryEvent requested = tx.append(EventType.ActivityTaskCancelRequested, Attributes.of()
                .put("decisionTaskCompletedEventId", completedEventId).put("activityId", activityId));
        if (!a.isStarted()) {
            // nobody has it yet: canceled at once
            ActivityTasks.disarmAll(tx, a.scheduledEventId);
            tx.withdraw(TaskListKey.Kind.ACTIVITY, a.taskList, a.scheduledEventId);
            tx.append(EventType.ActivityTaskCanceled, Attributes.of()
                    .put("scheduledEventId", a.scheduledEventId).put("startedEventId", 0L)
                    .put("latestCancelRequestedEventId", requested.eventId()));
        }
        // a started task learns cancelRequested=true from its next heartbeat
    }

    private static void startTimer(RunTx tx, Decision d, long completedEventId) {
        RunState s = tx.state();
        String timerId = d.string("timerId");
        String cause = s.timers.containsKey(timerId) ? "TIMER_ID_ALREADY_IN_USE"
                : s.timers.size() >= MAX_OPEN_TIMERS ? "OPEN_TIMERS_LIMIT_EXCEEDED" : null;
        if (cause != null) {
            tx.append(EventType.StartTimerFailed, Attributes.of().put("timerId", timerId).put("cause", cause)
                    .put("decisionTaskCompletedEventId", completedEventId));
            return;
        }
        HistoryEvent e = tx.append(EventType.TimerStarted, Attributes.of().put("timerId", timerId)
                .put("control", d.string("control")).put("startToFireTimeout", d.string("startToFireTimeout"))
                .put("decisionTaskCompletedEventId", completedEventId));
        tx.armTimer(TimerKeys.userTimer(e.eventId()), d.string("startToFireTimeout"));
    }

    private static void cancelTimer(RunTx tx, Decision d, long completedEventId) {
        String timerId = d.string("timerId");
        RunState.TimerState t = tx.state().timers.get(timerId);
        if (t == null) {
            tx.append(EventType.CancelTimerFailed, Attributes.of().put("timerId", timerId).put("cause", "TIMER_ID_UNKNOWN")
                    .put("decisionTaskCompletedEventId", completedEventId));
            return;
        }
        tx.disarmTimer(TimerKeys.userTimer(t.startedEventId));
        tx.append(EventType.TimerCanceled, Attributes.of().put("timerId", timerId).put("startedEventId", t.startedEventId)
                .put("decisionTaskCompletedEventId", completedEventId));
    }

    /** Closing decisions are refused (UNHANDLED_DECISION) while the decider has not seen every new event. */
    private static void close(RunTx tx, boolean unhandled, long completedEventId, EventType closeEvent, Attributes attrs,
                              EventType failedEvent) {
        if (unhandled) {
            tx.append(failedEvent, Attributes.of().put("cause", "UNHANDLED_DECISION")
                    .put("decisionTaskCompletedEventId", completedEventId));
            return;
        }
        tx.append(closeEvent, attrs.put("decisionTaskCompletedEventId", completedEventId));
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }
}
