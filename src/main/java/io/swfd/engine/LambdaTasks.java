package io.swfd.engine;

import static io.swfd.run.Lifecycles.*;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunState;

/**
 * Lambda tasks: swfd runs the function itself (there is no worker). Scheduled by a decision, called
 * by a deadline due at once (durable), then closed by the invocation's outcome or by its
 * start-to-close timeout, whichever comes first. {@code LambdaFunctionStarted} is recorded with the
 * outcome of a call that started the function (or at its timeout).
 */
public final class LambdaTasks {
  static final int MAX_OPEN_LAMBDAS = 1000;
  static final int MAX_TIMEOUT_SECONDS = 900;
  static final String DEFAULT_TIMEOUT = "900";

  private final Runs runs;
  private final LambdaInvoker invoker;

  public LambdaTasks(Runs runs, LambdaInvoker invoker) {
    this.runs = runs;
    this.invoker = invoker;
  }

  boolean available() {
    return invoker != null;
  }

  void schedule(RunTx tx, Decision d, long completedEventId) {
    RunState s = tx.state();
    String id = d.string("id");
    String cause =
        !available()
            ? "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION"
            : s.lambdas.values().stream().anyMatch(l -> l.id.equals(id))
                ? "ID_ALREADY_IN_USE"
                : s.lambdas.size() >= MAX_OPEN_LAMBDAS
                    ? "OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED"
                    : null;
    if (cause != null) {
      tx.append(
          EventType.ScheduleLambdaFunctionFailed,
          Attributes.of()
              .put("id", id)
              .put("name", d.string("name"))
              .put("cause", cause)
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    String timeout =
        d.string("startToCloseTimeout") != null ? d.string("startToCloseTimeout") : DEFAULT_TIMEOUT;
    HistoryEvent e =
        tx.append(
            EventType.LambdaFunctionScheduled,
            Attributes.of()
                .put("id", id)
                .put("name", d.string("name"))
                .put("control", d.string("control"))
                .put("input", d.string("input"))
                .put("startToCloseTimeout", timeout)
                .put("decisionTaskCompletedEventId", completedEventId));
    tx.armTimer(TimerKeys.lambda(e.eventId(), TimerKeys.Lambda.INVOKE), tx.now());
  }

  /**
   * INVOKE: the call goes out (after this commit) and its start-to-close deadline is armed; nothing
   * is recorded yet, since only its answer tells whether the function could be started (a call that
   * cannot be started is {@code StartLambdaFunctionFailed} without a {@code LambdaFunctionStarted}
   * before it). STC: no answer in time; the function was started and has run too long.
   */
  void onDeadline(RunTx tx, long scheduledEventId, TimerKeys.Lambda kind) {
    RunState.LambdaState l = tx.state().lambdas.get(scheduledEventId);
    if (l == null) return;
    if (kind == TimerKeys.Lambda.STC) {
      long startedEventId = l.startedEventId > 0 ? l.startedEventId : started(tx, scheduledEventId);
      tx.append(
          EventType.LambdaFunctionTimedOut,
          Attributes.of()
              .put("scheduledEventId", scheduledEventId)
              .put("startedEventId", startedEventId)
              .put("timeoutType", "START_TO_CLOSE"));
      return;
    }
    if (!LAMBDA.allows(status(l), LambdaAction.START)) return;
    tx.armTimer(TimerKeys.lambda(scheduledEventId, TimerKeys.Lambda.STC), l.startToCloseTimeout);
    long runPk = tx.state().runPk;
    // the input stays in the history (LambdaFunctionScheduled, durable before this deadline was
    // armed)
    String input = runs.eventOf(runPk, scheduledEventId).string("input");
    // the call goes out once the deadline is committed; its outcome is another unit of work
    tx.afterCommit(
        () -> {
          var unused =
              invoker.invoke(l.name, input).thenAccept(o -> finish(runPk, scheduledEventId, o));
        });
  }

  private static long started(RunTx tx, long scheduledEventId) {
    return tx.append(
            EventType.LambdaFunctionStarted,
            Attributes.of().put("scheduledEventId", scheduledEventId))
        .eventId();
  }

  private void finish(long runPk, long scheduledEventId, LambdaInvoker.Outcome o) {
    runs.update(
        runPk,
        tx -> {
          RunState s = tx.state();
          RunState.LambdaState l = s.isOpen() ? s.lambdas.get(scheduledEventId) : null;
          // timed out first, or the run closed
          if (l == null || !LAMBDA.allows(status(l), LambdaAction.START)) return null;
          tx.disarmTimer(TimerKeys.lambda(scheduledEventId, TimerKeys.Lambda.STC));
          switch (o.kind()) {
            case COMPLETED -> {
              long startedEventId = started(tx, scheduledEventId);
              tx.append(
                  EventType.LambdaFunctionCompleted,
                  Attributes.of()
                      .put("scheduledEventId", scheduledEventId)
                      .put("startedEventId", startedEventId)
                      .put("result", o.payload()));
            }
            case FAILED -> {
              long startedEventId = started(tx, scheduledEventId);
              tx.append(
                  EventType.LambdaFunctionFailed,
                  Attributes.of()
                      .put("scheduledEventId", scheduledEventId)
                      .put("startedEventId", startedEventId)
                      .put("reason", o.reason())
                      .put("details", o.payload()));
            }
            case REFUSED ->
                tx.append(
                    EventType.StartLambdaFunctionFailed,
                    Attributes.of()
                        .put("scheduledEventId", scheduledEventId)
                        .put("cause", "ASSUME_ROLE_FAILED")
                        .put(
                            "message",
                            truncate(
                                o.reason() + (o.payload() == null ? "" : ": " + o.payload()))));
          }
          return null;
        });
  }

  private static String truncate(String s) {
    return s.length() <= 1728 ? s : s.substring(0, 1728);
  }
}
