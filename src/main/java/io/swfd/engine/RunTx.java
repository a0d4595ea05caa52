package io.swfd.engine;

import io.swfd.engine.state.RunStateApplier;
import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskListKey;
import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.ItemRef;
import io.swfd.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One unit of work on one run: the events it appends (applied to the state as they are made), the
 * deadlines it arms and disarms, and the tasks to hand to pollers. Nothing leaves it until the
 * store has committed all of it; then the tasks are dispatched and the deadlines armed.
 */
public final class RunTx {
  private final RunState state;
  private final boolean isNew;
  private final boolean openedBefore;
  private final long expectedVersion;
  private final Instant now;
  private final List<HistoryEvent> events = new ArrayList<>();
  private final Map<String, Instant> timersPut = new HashMap<>();
  private final Set<String> timersDelete = new HashSet<>();
  private final Set<ItemRef> items = new java.util.LinkedHashSet<>();
  private final List<PendingTask> tasks = new ArrayList<>();
  private final List<PendingTask> withdrawn = new ArrayList<>();
  private final List<RunTx> spawned = new ArrayList<>();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private boolean deleteAllTimers;
  private HistoryEvent closeEvent;
  private boolean changed;
  private boolean inDecisionBatch;
  private boolean wakeNeeded;
  private final Sequencer sequencer;

  /** Gives tasks their place in line (older first within a priority). */
  public interface Sequencer {
    long next();
  }

  RunTx(RunState state, boolean isNew, Instant now, Sequencer sequencer) {
    this.state = state;
    this.isNew = isNew;
    this.openedBefore = !isNew && state.isOpen();
    this.expectedVersion = state.version;
    this.now = now;
    this.sequencer = sequencer;
  }

  public RunState state() {
    return state;
  }

  /**
   * The run was open before this unit of work (so closing it now lowers its domain's open count).
   */
  boolean openedBefore() {
    return openedBefore;
  }

  public Instant now() {
    return now;
  }

  public boolean isNew() {
    return isNew;
  }

  long expectedVersion() {
    return expectedVersion;
  }

  List<HistoryEvent> events() {
    return events;
  }

  Map<String, Instant> timersPut() {
    return timersPut;
  }

  Set<String> timersDelete() {
    return timersDelete;
  }

  boolean deleteAllTimers() {
    return deleteAllTimers;
  }

  /** The pending items this unit of work opened, changed or closed (their rows are written). */
  Set<ItemRef> items() {
    return items;
  }

  List<PendingTask> tasks() {
    return tasks;
  }

  List<PendingTask> withdrawn() {
    return withdrawn;
  }

  List<RunTx> spawned() {
    return spawned;
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  /** Something to do only once this unit of work is durable (an outside call). */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** A new run created in the same commit as this one (continue-as-new, a child run). */
  public RunTx spawn(RunState fresh) {
    RunTx t = new RunTx(fresh, true, now, sequencer);
    spawned.add(t);
    return t;
  }

  boolean hasChanges() {
    return changed || isNew || !events.isEmpty() || !timersPut.isEmpty() || !timersDelete.isEmpty();
  }

  /** Marks a change to the state that is not an event. */
  public void touch() {
    changed = true;
  }

  /** SWF's hard limit on a run's history; the run is terminated when it is reached. */
  public static final int MAX_EVENTS = 25_000;

  public HistoryEvent append(EventType type, Attributes attributes) {
    if (!state.isOpen()) {
      // a run closed earlier in this unit of work (e.g. by the event limit) takes nothing more
      if (closeEvent != null) return closeEvent;
      throw new IllegalStateException("nothing may be appended after a run closed");
    }
    if (state.nextEventId >= MAX_EVENTS && !type.closesRun()) {
      // the last event a run may have records why it ends; whatever the caller meant to add is
      // dropped
      return append(
          EventType.WorkflowExecutionTerminated,
          Attributes.of()
              .put("childPolicy", state.childPolicy)
              .put("cause", "EVENT_LIMIT_EXCEEDED"));
    }
    HistoryEvent e =
        new HistoryEvent(
            state.nextEventId, now, type, HistoryEvent.checkedAttributes(type, attributes.build()));
    if (type.closesRun()) withdrawAllPending();
    ItemRef touched = RunStateApplier.apply(state, e);
    if (touched != null) items.add(touched);
    events.add(e);
    if (type.closesRun()) {
      closeEvent = e;
      deleteAllTimers = true;
      timersPut.clear();
      tasks.clear();
      afterClose(e);
    } else if (type.wakesDecider()) {
      wake();
    }
    return e;
  }

  /**
   * What a closed run still owes others, as deadlines due now (durable, so they survive a crash):
   * its parent hears how it closed; its children get the child policy when it was terminated or
   * timed out; and retention removes it after the domain's retention period.
   */
  private void afterClose(HistoryEvent e) {
    if (state.parentRunPk > 0 && e.type() != EventType.WorkflowExecutionContinuedAsNew) {
      armTimer(TimerKeys.NOTIFY_PARENT, now);
    }
    if (e.type() == EventType.WorkflowExecutionTerminated
        || e.type() == EventType.WorkflowExecutionTimedOut) {
      String policy = e.string("childPolicy");
      if (policy != null && !"ABANDON".equals(policy)) {
        for (RunState.ChildState c : state.children.values()) {
          if (c.runId != null) armTimer(TimerKeys.childPolicy(c.initiatedEventId, policy), now);
        }
      }
    }
    // closing cleared every deadline, also the deliveries of signals / cancel requests not yet made
    // (initiated
    // in this batch, or just before): SWF still delivers them, so they are armed again
    for (RunState.ExternalState x : state.externals.values())
      armTimer(TimerKeys.external(x.initiatedEventId), now);
    long days = Durations.parseSeconds(state.retentionDays);
    armTimer(TimerKeys.RETENTION, now.plus(Duration.ofDays(Math.max(0, days))));
  }

  public void armTimer(String key, Instant due) {
    if (!state.isOpen() && !TimerKeys.survivesClose(key)) return;
    timersDelete.remove(key);
    timersPut.put(key, due);
  }

  /** Arms a deadline {@code timeout} from now, unless the timeout is NONE. */
  public void armTimer(String key, String timeout) {
    Duration d = Durations.toDuration(timeout);
    if (d != null) armTimer(key, now.plus(d));
  }

  public void disarmTimer(String key) {
    timersPut.remove(key);
    timersDelete.add(key);
  }

  public void dispatch(
      TaskListKey.Kind kind, String taskList, String priority, long scheduledEventId) {
    if (!state.isOpen()) return;
    TaskListKey key = new TaskListKey(state.region, state.domain, kind, taskList);
    // read as it was validated (checkPriority accepts " 5" and "+5", which Integer.parseInt alone
    // would not)
    tasks.add(
        new PendingTask(
            key,
            Durations.checkPriority("taskPriority", priority),
            sequencer.next(),
            state.runPk,
            scheduledEventId));
  }

  /**
   * A scheduled task that no poller may start any more leaves its queue (and the pending counts).
   */
  public void withdraw(TaskListKey.Kind kind, String taskList, long scheduledEventId) {
    TaskListKey key = new TaskListKey(state.region, state.domain, kind, taskList);
    // a task scheduled in this same unit of work (e.g. ScheduleActivityTask then
    // RequestCancelActivityTask in one
    // batch) is not queued yet: withdrawals are applied before new tasks are offered, so drop it
    // here
    tasks.removeIf(t -> t.list().equals(key) && t.scheduledEventId() == scheduledEventId);
    withdrawn.add(new PendingTask(key, 0, 0, state.runPk, scheduledEventId));
  }

  private void withdrawAllPending() {
    if (state.decision.isScheduled()) {
      withdraw(
          TaskListKey.Kind.DECISION,
          state.decision.scheduledOnTaskList,
          state.decision.scheduledEventId);
    }
    for (RunState.ActivityState a : state.activities.values()) {
      if (!a.isStarted()) withdraw(TaskListKey.Kind.ACTIVITY, a.taskList, a.scheduledEventId);
    }
  }

  /**
   * Something happened that needs a decision: schedule a decision task unless one is already
   * scheduled, or (when one is running) let its completion schedule the next.
   */
  public void wake() {
    if (!state.isOpen()) return;
    if (inDecisionBatch) {
      wakeNeeded = true;
      return;
    }
    if (state.decision.isNone()) scheduleDecisionTask();
  }

  /**
   * Decisions of one RespondDecisionTaskCompleted are applied before the next decision task is
   * scheduled.
   */
  void beginDecisionBatch() {
    inDecisionBatch = true;
    wakeNeeded = false;
  }

  boolean endDecisionBatch() {
    inDecisionBatch = false;
    return wakeNeeded;
  }

  public void scheduleDecisionTask() {
    RunState.DecisionTaskState d = state.decision;
    String list = state.currentDecisionTaskList();
    String s2s = d.taskListOverride != null ? d.overrideScheduleToStartTimeout : null;
    HistoryEvent e =
        append(
            EventType.DecisionTaskScheduled,
            Attributes.of()
                .named("taskList", list)
                .put("taskPriority", state.taskPriority)
                .put("startToCloseTimeout", state.taskStartToCloseTimeout)
                .put("scheduleToStartTimeout", s2s));
    if (s2s != null) armTimer(TimerKeys.decision(e.eventId(), TimerKeys.Decision.S2S), s2s);
    dispatch(TaskListKey.Kind.DECISION, list, state.taskPriority, e.eventId());
  }
}
