package io.swfd.engine;

import static io.swfd.run.Lifecycles.*;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunNotFoundException;
import io.swfd.run.RunState;
import java.util.List;
import java.util.OptionalLong;

/**
 * Work that crosses from one run to another, done asynchronously as on SWF and driven by durable
 * deadlines due at once (so it survives a crash): starting a child, delivering a signal or cancel
 * request to another run, telling a parent how its child closed, and applying a parent's child
 * policy. Both runs change in one commit, so a delivery happens exactly once.
 */
final class Transfers {
  private final Runs runs;

  Transfers(Runs runs) {
    this.runs = runs;
  }

  void startChild(long parentPk, String key) {
    long initiated = TimerKeys.eventIdOf(key);
    runs.update(
        parentPk,
        tx -> {
          RunState p = tx.state();
          // a closed parent starts nothing, and closing already deleted this deadline's row: no
          // commit at all
          // (a parent terminated right after initiating 1,000 children would otherwise pay 1,000
          // commits)
          if (!p.isOpen()) return null;
          tx.disarmTimer(key);
          RunState.ChildState c = p.children.get(initiated);
          if (c == null || !CHILD.allows(status(c), ChildAction.START)) return null;
          // the child's input, tags and control stay in the history: read only for a child that is
          // really started (a parent closed meanwhile, with a thousand children initiated, reads
          // nothing)
          HistoryEvent init = runs.eventOf(parentPk, initiated);
          if (runs.store().findOpenRun(p.region, p.domain, c.workflowId).isPresent()) {
            tx.append(
                EventType.StartChildWorkflowExecutionFailed,
                Attributes.of()
                    .type("workflowType", c.typeName, c.typeVersion)
                    .put("cause", "WORKFLOW_ALREADY_RUNNING")
                    .put("workflowId", c.workflowId)
                    .put("initiatedEventId", initiated)
                    .put("decisionTaskCompletedEventId", c.decisionTaskCompletedEventId)
                    .put("control", init.string("control")));
            return null;
          }
          NewRun child =
              new NewRun(
                  p.region,
                  p.domain,
                  c.workflowId,
                  c.typeName,
                  c.typeVersion,
                  init.string("input"),
                  c.executionStartToCloseTimeout,
                  c.taskStartToCloseTimeout,
                  c.childPolicy,
                  c.taskList,
                  c.taskPriority != null ? c.taskPriority : "0",
                  tags(init),
                  c.lambdaRole,
                  null,
                  p.workflowId,
                  p.runId,
                  initiated,
                  p.runPk,
                  p.retentionDays);
          RunState childState = child.state();
          child.begin(tx.spawn(childState));
          tx.append(
              EventType.ChildWorkflowExecutionStarted,
              Attributes.of()
                  .execution("workflowExecution", c.workflowId, childState.runId)
                  .type("workflowType", c.typeName, c.typeVersion)
                  .put("initiatedEventId", initiated));
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static List<String> tags(HistoryEvent initiated) {
    Object tags = initiated.attributes().get("tagList");
    return tags == null
        ? new java.util.ArrayList<>()
        : new java.util.ArrayList<>((List<String>) tags);
  }

  private record External(
      String kind,
      String workflowId,
      String runId,
      String signalName,
      String input,
      String control,
      long decisionTaskCompletedEventId,
      String region,
      String domain,
      String sourceWorkflowId,
      String sourceRunId) {}

  void deliverExternal(long sourcePk, String key) {
    long initiated = TimerKeys.eventIdOf(key);
    External found =
        runs.read(
            sourcePk,
            s -> {
              RunState.ExternalState e = s.externals.get(initiated);
              return e == null
                  ? null
                  : new External(
                      e.kind,
                      e.workflowId,
                      e.runId,
                      e.signalName,
                      null,
                      null,
                      e.decisionTaskCompletedEventId,
                      s.region,
                      s.domain,
                      s.workflowId,
                      s.runId);
            });
    if (found == null) {
      runs.update(
          sourcePk,
          tx -> {
            tx.disarmTimer(key);
            return null;
          });
      return;
    }
    // the signal's input and control stay in the history
    HistoryEvent init = runs.eventOf(sourcePk, initiated);
    External x =
        new External(
            found.kind(),
            found.workflowId(),
            found.runId(),
            found.signalName(),
            init.string("input"),
            init.string("control"),
            found.decisionTaskCompletedEventId(),
            found.region(),
            found.domain(),
            found.sourceWorkflowId(),
            found.sourceRunId());
    OptionalLong target =
        x.runId() != null && !x.runId().isEmpty()
            ? runs.store().findRun(x.region(), x.domain(), x.workflowId(), x.runId())
            : runs.store().findOpenRun(x.region(), x.domain(), x.workflowId());
    boolean targetOpen = target.isPresent() && runs.read(target.getAsLong(), RunState::isOpen);
    if (!targetOpen) {
      runs.update(
          sourcePk,
          tx -> {
            settle(tx, key, initiated);
            if (tx.state().isOpen()) {
              tx.append(
                  "SIGNAL".equals(x.kind())
                      ? EventType.SignalExternalWorkflowExecutionFailed
                      : EventType.RequestCancelExternalWorkflowExecutionFailed,
                  Attributes.of()
                      .put("workflowId", x.workflowId())
                      .put("runId", x.runId())
                      .put("cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION")
                      .put("initiatedEventId", initiated)
                      .put("decisionTaskCompletedEventId", x.decisionTaskCompletedEventId())
                      .put("control", x.control()));
            }
            return null;
          });
      return;
    }
    long targetPk = target.getAsLong();
    if (targetPk == sourcePk) {
      runs.update(
          sourcePk,
          tx -> {
            deliver(tx, tx, key, initiated, x);
            return null;
          });
    } else {
      runs.updatePair(
          sourcePk,
          targetPk,
          (src, tgt) -> {
            deliver(src, tgt, key, initiated, x);
            return null;
          });
    }
  }

  private static void deliver(RunTx src, RunTx tgt, String key, long initiated, External x) {
    settle(src, key, initiated);
    RunState t = tgt.state();
    if (!t.isOpen()) return;
    if ("SIGNAL".equals(x.kind())) {
      tgt.append(
          EventType.WorkflowExecutionSignaled,
          Attributes.of()
              .put("signalName", x.signalName())
              .put("input", x.input())
              .execution("externalWorkflowExecution", x.sourceWorkflowId(), x.sourceRunId())
              .put("externalInitiatedEventId", initiated));
    } else {
      tgt.append(
          EventType.WorkflowExecutionCancelRequested,
          Attributes.of()
              .execution("externalWorkflowExecution", x.sourceWorkflowId(), x.sourceRunId())
              .put("externalInitiatedEventId", initiated));
    }
    if (src.state().isOpen()) {
      src.append(
          "SIGNAL".equals(x.kind())
              ? EventType.ExternalWorkflowExecutionSignaled
              : EventType.ExternalWorkflowExecutionCancelRequested,
          Attributes.of()
              .execution("workflowExecution", t.workflowId, t.runId)
              .put("initiatedEventId", initiated));
    }
  }

  /**
   * The delivery is done: its deadline goes, and a closed source forgets it (no event can record
   * it).
   */
  private static void settle(RunTx src, String key, long initiated) {
    src.disarmTimer(key);
    if (!src.state().isOpen()) {
      src.state().externals.remove(initiated);
      src.touch();
    }
  }

  void notifyParent(long childPk) {
    record Child(
        long parentPk,
        long initiated,
        String workflowId,
        String runId,
        String typeName,
        String typeVersion) {}
    Child c =
        runs.read(
            childPk,
            s ->
                new Child(
                    s.parentRunPk,
                    s.parentInitiatedEventId,
                    s.workflowId,
                    s.runId,
                    s.typeName,
                    s.typeVersion));
    List<HistoryEvent> last = runs.store().events(childPk, Long.MAX_VALUE, Long.MAX_VALUE, true, 1);
    try {
      runs.updatePair(
          c.parentPk(),
          childPk,
          (parent, child) -> {
            child.disarmTimer(TimerKeys.NOTIFY_PARENT);
            RunState p = parent.state();
            RunState.ChildState record = p.isOpen() ? p.children.get(c.initiated()) : null;
            if (record == null || last.isEmpty()) return null;
            HistoryEvent close = last.get(0);
            Attributes a =
                Attributes.of()
                    .execution("workflowExecution", c.workflowId(), c.runId())
                    .type("workflowType", c.typeName(), c.typeVersion());
            EventType type =
                switch (close.type()) {
                  case WorkflowExecutionCompleted -> {
                    a.put("result", close.string("result"));
                    yield EventType.ChildWorkflowExecutionCompleted;
                  }
                  case WorkflowExecutionFailed -> {
                    a.put("reason", close.string("reason")).put("details", close.string("details"));
                    yield EventType.ChildWorkflowExecutionFailed;
                  }
                  case WorkflowExecutionTimedOut -> {
                    a.put("timeoutType", close.string("timeoutType"));
                    yield EventType.ChildWorkflowExecutionTimedOut;
                  }
                  case WorkflowExecutionCanceled -> {
                    a.put("details", close.string("details"));
                    yield EventType.ChildWorkflowExecutionCanceled;
                  }
                  default -> EventType.ChildWorkflowExecutionTerminated;
                };
            parent.append(
                type,
                a.put("initiatedEventId", c.initiated())
                    .put("startedEventId", record.startedEventId));
            return null;
          });
    } catch (RunNotFoundException gone) {
      if (gone.runPk() != c.parentPk()) throw gone;
      runs.update(
          childPk,
          tx -> {
            tx.disarmTimer(TimerKeys.NOTIFY_PARENT);
            return null;
          });
    }
  }

  void applyChildPolicy(long parentPk, String key) {
    long initiated = TimerKeys.eventIdOf(key);
    String policy = TimerKeys.suffixOf(key);
    record Target(String region, String domain, String workflowId) {}
    Target t =
        runs.read(
            parentPk,
            s -> {
              RunState.ChildState c = s.children.get(initiated);
              return c == null ? null : new Target(s.region, s.domain, c.workflowId);
            });
    // the child may have continued as new: the policy reaches whichever of its runs is open
    OptionalLong childPk =
        t == null
            ? OptionalLong.empty()
            : runs.store().findOpenRun(t.region(), t.domain(), t.workflowId());
    if (childPk.isEmpty() || childPk.getAsLong() == parentPk) {
      runs.update(
          parentPk,
          tx -> {
            tx.disarmTimer(key);
            return null;
          });
      return;
    }
    runs.updatePair(
        parentPk,
        childPk.getAsLong(),
        (parent, child) -> {
          parent.disarmTimer(key);
          RunState c = child.state();
          if (!c.isOpen() || c.parentRunPk != parentPk) return null;
          if ("TERMINATE".equals(policy)) {
            child.append(
                EventType.WorkflowExecutionTerminated,
                Attributes.of()
                    .put("childPolicy", c.childPolicy)
                    .put("cause", "CHILD_POLICY_APPLIED"));
          } else {
            child.append(
                EventType.WorkflowExecutionCancelRequested,
                Attributes.of().put("cause", "CHILD_POLICY_APPLIED"));
          }
          return null;
        });
  }
}
