package io.swfd.engine;

import io.swfd.api.SwfFault;
import io.swfd.engine.state.Attributes;
import io.swfd.engine.state.EventType;
import io.swfd.timers.TimerService;

/**
 * Fires a run's deadlines. The deadline's row is deleted in the same commit as the events it
 * causes, so a deadline fires exactly once even across restarts; a deadline whose task or run has
 * already closed is simply dropped.
 */
public final class Deadlines implements TimerService.Firing {
    private final Runs runs;
    private final DecisionTasks decisions;
    private final ActivityTasks activities;

    public Deadlines(Runs runs, DecisionTasks decisions, ActivityTasks activities) {
        this.runs = runs;
        this.decisions = decisions;
        this.activities = activities;
    }

    @Override
    public void fire(long runPk, String key) {
        try {
            runs.update(runPk, tx -> {
                tx.disarmTimer(key);
                if (!tx.state().isOpen()) return null;
                switch (key.charAt(0)) {
                    case 'A' -> activities.onDeadline(tx, TimerKeys.eventIdOf(key), TimerKeys.Activity.valueOf(TimerKeys.suffixOf(key)));
                    case 'D' -> decisions.onDeadline(tx, TimerKeys.eventIdOf(key), TimerKeys.Decision.valueOf(TimerKeys.suffixOf(key)));
                    case 'T' -> userTimer(tx, TimerKeys.eventIdOf(key));
                    case 'W' -> tx.append(EventType.WorkflowExecutionTimedOut, Attributes.of()
                            .put("timeoutType", "START_TO_CLOSE").put("childPolicy", tx.state().childPolicy));
                    default -> throw new IllegalStateException("unknown deadline " + key);
                }
                return null;
            });
        } catch (SwfFault runGone) {
            // the run no longer exists (retention); nothing to fire
        }
    }

    private static void userTimer(RunTx tx, long startedEventId) {
        tx.state().timers.values().stream().filter(t -> t.startedEventId == startedEventId).findFirst()
                .ifPresent(t -> tx.append(EventType.TimerFired, Attributes.of()
                        .put("timerId", t.timerId).put("startedEventId", t.startedEventId)));
    }
}
