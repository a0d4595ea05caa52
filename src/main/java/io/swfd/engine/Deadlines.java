package io.swfd.engine;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.RunNotFoundException;
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
  private final Transfers transfers;
  private final LambdaTasks lambdas;

  public Deadlines(
      Runs runs, DecisionTasks decisions, ActivityTasks activities, LambdaTasks lambdas) {
    this.runs = runs;
    this.lambdas = lambdas;
    this.decisions = decisions;
    this.activities = activities;
    this.transfers = new Transfers(runs);
  }

  @Override
  public void fire(long runPk, String key) {
    runs.fire(
        runPk,
        key,
        () -> {
          try {
            switch (key.charAt(0)) {
              case 'C' -> transfers.startChild(runPk, key);
              case 'X' -> transfers.deliverExternal(runPk, key);
              case 'P' -> transfers.notifyParent(runPk);
              case 'K' -> transfers.applyChildPolicy(runPk, key);
              case 'R' -> retention(runPk);
              default -> fireInRun(runPk, key);
            }
          } catch (RunNotFoundException runGone) {
            // the run no longer exists (retention); nothing to fire
          }
        });
  }

  /**
   * Removes a closed run whose retention has passed, once nothing is still owed to other runs (a
   * parent notification or child policy waits for its deadline first).
   */
  private void retention(long runPk) {
    if (runs.otherDeadlines(runPk, TimerKeys.RETENTION).isEmpty()) {
      runs.delete(runPk);
    } else {
      runs.update(
          runPk,
          tx -> {
            tx.armTimer(TimerKeys.RETENTION, tx.now().plusSeconds(1));
            return null;
          });
    }
  }

  /** Deadlines inside one run: timeouts and user timers; a closed run's are dropped. */
  private void fireInRun(long runPk, String key) {
    runs.update(
        runPk,
        tx -> {
          tx.disarmTimer(key);
          if (!tx.state().isOpen()) return null;
          long eventId = key.length() > 1 ? TimerKeys.eventIdOf(key) : 0;
          switch (key.charAt(0)) {
            case 'A' ->
                activities.onDeadline(
                    tx, eventId, TimerKeys.Activity.valueOf(TimerKeys.suffixOf(key)));
            case 'D' ->
                decisions.onDeadline(
                    tx, eventId, TimerKeys.Decision.valueOf(TimerKeys.suffixOf(key)));
            case 'T' -> userTimer(tx, eventId);
            case 'L' ->
                lambdas.onDeadline(tx, eventId, TimerKeys.Lambda.valueOf(TimerKeys.suffixOf(key)));
            case 'W' ->
                tx.append(
                    EventType.WorkflowExecutionTimedOut,
                    Attributes.of()
                        .put("timeoutType", "START_TO_CLOSE")
                        .put("childPolicy", tx.state().childPolicy));
            default -> throw new IllegalStateException("unknown deadline " + key);
          }
          return null;
        });
  }

  private static void userTimer(RunTx tx, long startedEventId) {
    tx.state().timers.values().stream()
        .filter(t -> t.startedEventId == startedEventId)
        .findFirst()
        .ifPresent(
            t ->
                tx.append(
                    EventType.TimerFired,
                    Attributes.of()
                        .put("timerId", t.timerId)
                        .put("startedEventId", t.startedEventId)));
  }
}
