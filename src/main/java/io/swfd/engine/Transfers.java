package io.swfd.engine;

import static io.swfd.run.Lifecycles.*;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunNotFoundException;
import io.swfd.run.RunState;
import java.util.List;
import java.util.Map;
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

  /**
   * Most children one deadline starts at once: a decision that initiates many children has all
   * their start deadlines due at the same moment, and starting them one unit of work (and one
   * commit) each made a thousand children cost a thousand commits of the parent in a row.
   */
  static final int CHILDREN_PER_START = 100;

  void startChild(long parentPk, String key) {
    long initiated = TimerKeys.eventIdOf(key);
    runs.update(
        parentPk,
        tx -> {
          RunState p = tx.state();
          // a closed parent starts nothing, and closing already deleted this deadline's row: no
          // commit at all (a parent terminated right after initiating 1,000 children would
          // otherwise pay 1,000 commits)
          if (!p.isOpen()) return null;
          RunState.ChildState c = p.children.get(initiated);
          if (c != null && !CHILD.allows(status(c), ChildAction.START)) {
            return null; // started with another child's deadline, which also disarmed this one
          }
          tx.disarmTimer(key);
          if (c == null) return null;
          // the other children initiated and not started yet (their deadlines are due as well)
          // start in the same unit of work, in the order they were initiated; alone on the store
          // only (nodes sharing it each fire their own deadlines)
          java.util.TreeMap<Long, RunState.ChildState> batch = new java.util.TreeMap<>();
          batch.put(initiated, c);
          if (!runs.shared()) {
            for (RunState.ChildState o : p.children.values()) {
              if (batch.size() >= CHILDREN_PER_START) break;
              if (CHILD.allows(status(o), ChildAction.START)) batch.put(o.initiatedEventId, o);
            }
          }
          // their input, tags and control stay in the history: read only for children that are
          // really started, in one range when they were initiated together
          Map<Long, HistoryEvent> initiating = initiatingEvents(parentPk, batch.navigableKeySet());
          java.util.Set<String> startedNow = new java.util.HashSet<>();
          for (RunState.ChildState one : batch.values()) {
            if (!tx.state().isOpen()) break; // the history's event limit closed the parent
            tx.disarmTimer(TimerKeys.startChild(one.initiatedEventId));
            start(tx, one, initiating.get(one.initiatedEventId), startedNow);
          }
          return null;
        });
  }

  /** The initiating events of {@code ids} (ascending), by id. */
  private Map<Long, HistoryEvent> initiatingEvents(long parentPk, java.util.SortedSet<Long> ids) {
    Map<Long, HistoryEvent> out = new java.util.HashMap<>();
    long first = ids.first(), last = ids.last();
    if (last - first < 4L * ids.size()) {
      for (HistoryEvent e :
          runs.store().events(parentPk, first - 1, last, false, (int) (last - first + 1))) {
        if (ids.contains(e.eventId())) out.put(e.eventId(), e);
      }
    } else {
      for (long id : ids) out.put(id, runs.eventOf(parentPk, id));
    }
    for (long id : ids) if (!out.containsKey(id)) throw new RunNotFoundException(parentPk);
    return out;
  }

  /** Starts one initiated child (or records why it could not be started). */
  private void start(
      RunTx tx, RunState.ChildState c, HistoryEvent init, java.util.Set<String> startedNow) {
    RunState p = tx.state();
    long initiated = c.initiatedEventId;
    // a child started earlier in this unit of work is not in the store yet, but open all the same
    if (startedNow.contains(c.workflowId)
        || runs.store().findOpenRun(p.region, p.domain, c.workflowId).isPresent()) {
      tx.append(
          EventType.StartChildWorkflowExecutionFailed,
          Attributes.of()
              .type("workflowType", c.typeName, c.typeVersion)
              .put("cause", "WORKFLOW_ALREADY_RUNNING")
              .put("workflowId", c.workflowId)
              .put("initiatedEventId", initiated)
              .put("decisionTaskCompletedEventId", c.decisionTaskCompletedEventId)
              .put("control", init.string("control")));
      return;
    }
    NewRun child =
        NewRun.builder(p.region, p.domain, c.workflowId, c.typeName, c.typeVersion)
            .input(init.string("input"))
            .timeouts(c.executionStartToCloseTimeout, c.taskStartToCloseTimeout)
            .childPolicy(c.childPolicy)
            .taskList(c.taskList, c.taskPriority != null ? c.taskPriority : "0")
            .tagList(tags(init))
            .lambdaRole(c.lambdaRole)
            .parent(p.workflowId, p.runId, initiated, p.runPk)
            .retentionDays(p.retentionDays)
            .build();
    RunState childState = child.state();
    child.begin(tx.spawn(childState));
    startedNow.add(c.workflowId);
    tx.append(
        EventType.ChildWorkflowExecutionStarted,
        Attributes.of()
            .execution("workflowExecution", c.workflowId, childState.runId)
            .type("workflowType", c.typeName, c.typeVersion)
            .put("initiatedEventId", initiated));
  }

  private static List<String> tags(HistoryEvent initiated) {
    List<String> tags = initiated.list("tagList");
    return tags == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(tags);
  }

  private record External(
      RunState.ExternalState.Kind kind,
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
            init.type() == EventType.SignalExternalWorkflowExecutionInitiated
                ? init.string("input")
                : null, // a cancel request has none
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
                  x.kind() == RunState.ExternalState.Kind.SIGNAL
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
    if (x.kind() == RunState.ExternalState.Kind.SIGNAL) {
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
          x.kind() == RunState.ExternalState.Kind.SIGNAL
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

  /**
   * Child-policy deadlines applied by an earlier firing of their parent's (alone on the store): the
   * rows are gone; their own firings, already queued behind it, have nothing left to do.
   */
  private final java.util.Set<String> policiesApplied =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A parent closed by termination or time-out: its child policy reaches its children. All of them
   * have this deadline, due at the close; alone on the store one firing applies it to up to {@link
   * #CHILDREN_PER_START} children (each child in a unit of work of its own) and then disarms their
   * deadlines in one commit of the parent, instead of loading the closed parent (and all its
   * children) again for each child.
   */
  void applyChildPolicy(long parentPk, String key) {
    if (policiesApplied.remove(parentPk + "/" + key)) return;
    if (runs.shared()) {
      applyChildPolicyToOne(parentPk, key);
      return;
    }
    java.util.TreeSet<String> due = new java.util.TreeSet<>();
    due.add(key);
    for (io.swfd.store.TimerRow t : runs.store().timers(parentPk)) {
      if (due.size() >= CHILDREN_PER_START) break;
      if (t.key().startsWith("K") && !t.dueAt().isAfter(runs.clock().instant())) due.add(t.key());
    }
    record Target(String region, String domain, String workflowId, String policy) {}
    List<Target> targets =
        runs.read(
            parentPk,
            s -> {
              List<Target> out = new java.util.ArrayList<>();
              for (String k : due) {
                RunState.ChildState c = s.children.get(TimerKeys.eventIdOf(k));
                if (c != null)
                  out.add(new Target(s.region, s.domain, c.workflowId, TimerKeys.suffixOf(k)));
              }
              return out;
            });
    for (Target t : targets) {
      // the child may have continued as new: the policy reaches whichever of its runs is open
      OptionalLong childPk = runs.store().findOpenRun(t.region(), t.domain(), t.workflowId());
      if (childPk.isEmpty() || childPk.getAsLong() == parentPk) continue;
      try {
        runs.update(
            childPk.getAsLong(),
            child -> {
              applyPolicy(child, parentPk, t.policy());
              return null;
            });
      } catch (RunNotFoundException gone) {
        // removed meanwhile: nothing to reach
      }
    }
    runs.update(
        parentPk,
        tx -> {
          for (String k : due) tx.disarmTimer(k);
          return null;
        });
    for (String k : due) if (!k.equals(key)) policiesApplied.add(parentPk + "/" + k);
  }

  private static void applyPolicy(RunTx child, long parentPk, String policy) {
    RunState c = child.state();
    if (!c.isOpen() || c.parentRunPk != parentPk) return;
    if ("TERMINATE".equals(policy)) {
      child.append(
          EventType.WorkflowExecutionTerminated,
          Attributes.of().put("childPolicy", c.childPolicy).put("cause", "CHILD_POLICY_APPLIED"));
    } else {
      child.append(
          EventType.WorkflowExecutionCancelRequested,
          Attributes.of().put("cause", "CHILD_POLICY_APPLIED"));
    }
  }

  /** {@link #applyChildPolicy} on a shared store: one child, with its parent, in one commit. */
  private void applyChildPolicyToOne(long parentPk, String key) {
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
