package io.swfd.store;

import io.swfd.run.HistoryEvent;
import io.swfd.run.RunChange;
import io.swfd.run.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** Runs, their histories and their deadlines. */
public interface RunStore {
  /**
   * Applies the writes in one transaction, durable when this returns.
   *
   * @throws WorkflowIdInUseException a new run's workflowId is already open in its domain
   * @throws StaleRunException a run changed since it was loaded (nothing is written)
   */
  void commit(List<RunChange> writes);

  /**
   * Queues the writes for one transaction and returns at once: the future completes when they are
   * durable, or exceptionally with what {@link #commit} would have thrown. Everything the writes
   * need is taken before this returns, so the caller may go on changing the states. Writes queued
   * one after another (by any threads, one call returning before the next is made) commit in that
   * order: a later write never becomes durable before an earlier one. The default commits at once.
   */
  default CompletableFuture<Void> commitQueued(List<RunChange> writes) {
    try {
      commit(writes);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@link #commitQueued(List)} made by a shard's owner under {@code fences} (see {@link Fence}): a
   * store shared by a cluster checks them in the write's transaction and fails the write with
   * {@link FencedException} (nothing written) when one no longer holds. A store of one node ignores
   * them.
   */
  default CompletableFuture<Void> commitQueued(
      List<RunChange> writes, List<Fence> fences, List<Lineage> lineages) {
    return commitQueued(writes);
  }

  /** A run's state, with its activity tasks' latest heartbeats (see {@link #recordHeartbeat}). */
  Optional<RunState> load(long runPk);

  /**
   * Stores an activity task's latest heartbeat on the task's own row, durable when this returns:
   * the run's state row, version, history and deadlines stay as they are. Loading the run puts the
   * time and details back into its state.
   */
  void recordHeartbeat(long runPk, long scheduledEventId, Instant beatAt, String details);

  /**
   * {@link #recordHeartbeat} queued like {@link #commitQueued} (in the same order as queued
   * commits).
   */
  default CompletableFuture<Void> recordHeartbeatQueued(
      long runPk, long scheduledEventId, Instant beatAt, String details) {
    try {
      recordHeartbeat(runPk, scheduledEventId, beatAt, details);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@link #recordHeartbeatQueued} under {@code fences} (see {@link #commitQueued(List, List,
   * List)}).
   */
  default CompletableFuture<Void> recordHeartbeatQueued(
      long runPk, long scheduledEventId, Instant beatAt, String details, List<Fence> fences) {
    return recordHeartbeatQueued(runPk, scheduledEventId, beatAt, details);
  }

  /** What names a run and never changes: the shard of a cluster is a hash of it. */
  record RunName(String region, String domain, String workflowId) {}

  /** The name of a run, or empty when there is no such run (a light read: no state). */
  default Optional<RunName> name(long runPk) {
    return load(runPk).map(s -> new RunName(s.region, s.domain, s.workflowId));
  }

  OptionalLong findRun(String region, String domain, String workflowId, String runId);

  OptionalLong findOpenRun(String region, String domain, String workflowId);

  /**
   * Up to {@code limit} events of a run: ascending from {@code afterEventId} (exclusive) up to
   * {@code upToEventId} (inclusive), or with {@code reverse} descending from below {@code
   * afterEventId} (exclusive, {@code Long.MAX_VALUE} for the newest).
   */
  List<HistoryEvent> events(
      long runPk, long afterEventId, long upToEventId, boolean reverse, int limit);

  /** Runs matching a visibility query, in its order, at most {@code q.limit()}. */
  List<RunState> listRuns(VisibilityQuery q);

  int countRuns(VisibilityQuery q);

  /** Removes a closed run and its history (retention). */
  void deleteRun(long runPk);

  /** Every open run (with its heartbeats), to rebuild task queues at start. */
  List<RunState> openRuns();

  /**
   * Armed deadlines due after {@code after} (exclusive) and at or before {@code until}, earliest
   * first.
   */
  List<TimerRow> timersDueBetween(Instant after, Instant until);

  /** The earliest due time of an armed deadline after {@code after}; null when there is none. */
  Instant earliestTimerAfter(Instant after);

  /** The armed deadlines of one run. */
  List<TimerRow> timers(long runPk);

  // --- for several nodes on one store (a store shared by a cluster answers these with one indexed
  // query) ---

  /** Armed deadlines due at or before {@code until}, earliest first. */
  default List<TimerRow> timersDueBy(Instant until) {
    return timersDueBetween(Instant.ofEpochMilli(Long.MIN_VALUE), until);
  }

  /** {@code runPk -> version} of every open run (what changed since a node last looked). */
  default java.util.Map<Long, Long> openRunVersions() {
    java.util.Map<Long, Long> out = new java.util.LinkedHashMap<>();
    for (RunState s : openRuns()) out.put(s.runPk, s.version);
    return out;
  }
}
