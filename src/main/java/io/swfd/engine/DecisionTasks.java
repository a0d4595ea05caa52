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
import java.util.List;

/** Decision tasks: handing one to a poller, completing it with decisions, and its timeouts. */
public final class DecisionTasks {
  /** What a decider receives with a started decision task (the events are read separately). */
  public record Started(
      long runPk,
      String taskToken,
      long startedEventId,
      long previousStartedEventId,
      String workflowId,
      String runId,
      String typeName,
      String typeVersion) {}

  private final Runs runs;
  private final TaskTokens tokens;
  private final DecisionApplier applier;
  private final DecisionAuthorization authorization;

  public DecisionTasks(Runs runs, TaskTokens tokens, Registry registry, LambdaTasks lambdas) {
    this.runs = runs;
    this.tokens = tokens;
    this.applier = new DecisionApplier(registry, lambdas, runs);
    this.authorization = new DecisionAuthorization(registry);
  }

  /** Starts the decision task for a poller; null when it is no longer scheduled. */
  public Started start(PendingTask task, String identity) {
    try {
      return runs.update(
          task.runPk(),
          tx -> {
            RunState s = tx.state();
            RunState.DecisionTaskState d = s.decision;
            if (!s.isOpen()
                || !DECISION.allows(status(d), DecisionAction.START)
                || d.scheduledEventId != task.scheduledEventId()) return null;
            HistoryEvent e =
                tx.append(
                    EventType.DecisionTaskStarted,
                    Attributes.of()
                        .put("identity", identity)
                        .put("scheduledEventId", d.scheduledEventId));
            // the start would have been the 25,000th event: the run was terminated instead, no task
            // to hand out
            if (!s.isOpen()) return null;
            tx.disarmTimer(TimerKeys.decision(d.scheduledEventId, TimerKeys.Decision.S2S));
            tx.armTimer(
                TimerKeys.decision(d.scheduledEventId, TimerKeys.Decision.STC),
                s.taskStartToCloseTimeout);
            String token =
                tokens.issue(
                    new TaskTokens.Task(
                        TaskTokens.Kind.DECISION, s.runPk, d.scheduledEventId, e.eventId()));
            return new Started(
                s.runPk,
                token,
                e.eventId(),
                d.previousStartedEventId,
                s.workflowId,
                s.runId,
                s.typeName,
                s.typeVersion);
          });
    } catch (RunNotFoundException gone) {
      return null; // the run no longer exists
    }
  }

  /**
   * Applies a decision task's decisions (RespondDecisionTaskCompleted).
   *
   * @param permissions which decisions the caller may make (a refused one fails with
   *     OPERATION_NOT_PERMITTED)
   */
  public void complete(
      String token,
      List<Decision> decisions,
      String executionContext,
      String taskListOverride,
      String overrideScheduleToStart,
      DecisionPermissions permissions) {
    TaskTokens.Task t = tokens.open(token, TaskTokens.Kind.DECISION);
    Names.check("taskList.name", taskListOverride);
    Durations.check("taskListScheduleToStartTimeout", overrideScheduleToStart, true);
    DecisionBatchValidator.validate(decisions);
    runs.update(
        t.runPk(),
        tx -> {
          RunState s = tx.state();
          RunState.DecisionTaskState d = s.decision;
          // a token of a run that has closed names the run, one of a closed task names the task
          if (!s.isOpen()) throw WorkflowExecutions.unknownExecution(s.workflowId, s.runId);
          if (!DECISION.allows(status(d), DecisionAction.COMPLETE)
              || d.scheduledEventId != t.scheduledEventId()
              || d.startedEventId != t.startedEventId()) {
            throw Fault.unknownResource(
                "Unknown decision task, scheduledEventId = " + t.scheduledEventId());
          }
          boolean unhandled = d.wakePending;
          tx.disarmTimer(TimerKeys.decision(d.scheduledEventId, TimerKeys.Decision.STC));
          HistoryEvent completed =
              tx.append(
                  EventType.DecisionTaskCompleted,
                  Attributes.of()
                      .put("executionContext", executionContext)
                      .put("scheduledEventId", d.scheduledEventId)
                      .put("startedEventId", d.startedEventId)
                      .named("taskList", taskListOverride)
                      .put(
                          "taskListScheduleToStartTimeout",
                          taskListOverride == null ? null : overrideScheduleToStart));
          tx.beginDecisionBatch();
          for (Decision decision : decisions) {
            if (!authorization.check(tx, decision, completed.eventId(), permissions)) continue;
            String throttled = DecisionRates.CAUSES.get(decision.type());
            // a continue-as-new that fails as UNHANDLED_DECISION starts nothing, so it takes no
            // token: the decider's next attempt is not throttled for it
            boolean failsUnhandled =
                unhandled && decision.type().equals("ContinueAsNewWorkflowExecution");
            if (throttled != null && !failsUnhandled && !rates.tryAcquire(decision.type())) {
              DecisionAuthorization.fail(tx, decision, completed.eventId(), throttled);
              continue;
            }
            applier.apply(tx, decision, completed.eventId(), unhandled);
            if (!s.isOpen()) break;
          }
          boolean woken = tx.endDecisionBatch();
          if (s.isOpen() && (unhandled || woken)) tx.scheduleDecisionTask();
          return null;
        });
  }

  private volatile DecisionRates rates = DecisionRates.UNLIMITED;

  /** Turns SWF's decision throttles on (they are off unless throttling is configured). */
  public void limitRates(DecisionRates rates) {
    this.rates = rates;
  }

  /** A decision task deadline came due. */
  void onDeadline(RunTx tx, long scheduledEventId, TimerKeys.Decision kind) {
    RunState.DecisionTaskState d = tx.state().decision;
    if (d.scheduledEventId != scheduledEventId) return;
    if (kind == TimerKeys.Decision.STC
        && DECISION.allows(status(d), DecisionAction.TIME_OUT_START_TO_CLOSE)) {
      tx.append(
          EventType.DecisionTaskTimedOut,
          Attributes.of()
              .put("timeoutType", "START_TO_CLOSE")
              .put("scheduledEventId", scheduledEventId)
              .put("startedEventId", d.startedEventId));
    } else if (kind == TimerKeys.Decision.S2S
        && DECISION.allows(status(d), DecisionAction.TIME_OUT_SCHEDULE_TO_START)) {
      tx.withdraw(TaskListKey.Kind.DECISION, d.scheduledOnTaskList, scheduledEventId);
      tx.append(
          EventType.DecisionTaskTimedOut,
          Attributes.of()
              .put("timeoutType", "SCHEDULE_TO_START")
              .put("scheduledEventId", scheduledEventId)
              .put("startedEventId", 0L));
    }
  }
}
