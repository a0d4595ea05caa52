package io.swfd.matching;

import io.swfd.run.Fault;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matching of scheduled tasks and long polls, by hand-off: a new task goes straight to a waiting
 * poller, else into its list's backlog; a poll takes from the backlog, else parks until a task
 * arrives, its hold runs out, or its client goes away. Parked polls hold no thread.
 */
public final class TaskQueues implements AutoCloseable {
  public static final int MAX_POLLERS_PER_LIST = 1000;
  private static final Logger log = LoggerFactory.getLogger(TaskQueues.class);

  private final Map<TaskListKey, TaskListQueue> lists = new ConcurrentHashMap<>();
  private final Map<TaskListKey.Kind, TaskStarter<?>> starters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService holds = holdTimer();

  /** One thread for every poll's hold; a canceled hold leaves the queue at once. */
  private static ScheduledExecutorService holdTimer() {
    java.util.concurrent.ScheduledThreadPoolExecutor t =
        new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> daemon(r, "swfd-poll-holds"));
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  private volatile java.util.function.Consumer<Boolean> handOvers = b -> {};
  private volatile java.util.function.Consumer<PendingTask> startedTasks = t -> {};

  /**
   * Tasks started or withdrawn lately (only on a store shared with other nodes; see {@link
   * GoneTasks}).
   */
  private volatile GoneTasks gone;

  private final ExecutorService handoffs =
      Executors.newCachedThreadPool(r -> daemon(r, "swfd-handoff"));

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public TaskQueues() {
    // clients that hang up while parked are noticed within a second (see JettyClientConnection)
    var unused =
        holds.scheduleWithFixedDelay(
            () -> {
              try {
                lists.values().forEach(TaskListQueue::sweep);
              } catch (RuntimeException e) {
                log.warn("sweeping parked polls failed", e);
              }
            },
            1,
            1,
            TimeUnit.SECONDS);
  }

  /**
   * On a store shared with other nodes: remember started and withdrawn tasks for {@code ttl}, and
   * refuse late offers of them (a sweep of the store or another node's notification can be older
   * than what this node already knows).
   */
  public void rememberGone(Duration ttl) {
    gone = new GoneTasks(ttl);
  }

  /**
   * Told of every task a poller of this node started (the cluster tells the other nodes to drop
   * it).
   */
  public void observeStarted(java.util.function.Consumer<PendingTask> observer) {
    this.startedTasks = observer;
  }

  /** Told of every task handed over: true when it went straight to a waiting poller. */
  public void observeHandOvers(java.util.function.Consumer<Boolean> observer) {
    this.handOvers = observer;
  }

  /** Parked polls per task list, for metrics. */
  public Map<String, Integer> parkedPerList() {
    Map<String, Integer> out = new java.util.HashMap<>();
    lists.forEach(
        (k, q) -> {
          int n = q.parkedCount();
          if (n > 0)
            out.merge(
                k.kind().name().toLowerCase(Locale.ROOT) + ":" + k.domain() + "/" + k.name(),
                n,
                Integer::sum);
        });
    return out;
  }

  public void starter(TaskListKey.Kind kind, TaskStarter<?> starter) {
    starters.put(kind, starter);
  }

  private TaskListQueue list(TaskListKey key) {
    return lists.computeIfAbsent(key, k -> new TaskListQueue());
  }

  /** A task was scheduled (and committed). */
  public void offer(PendingTask task) {
    GoneTasks g = gone;
    if (g != null && g.contains(task.runPk(), task.scheduledEventId())) return;
    Poll<?> poller = list(task.list()).offer(task);
    if (poller != null) handoffs.execute(() -> deliver(task.list(), poller, task));
  }

  /** Waits up to {@code hold} for a task on the list; the result is null when none came. */
  public <R> Poll<R> poll(TaskListKey key, Poll<R> poll, Duration hold) {
    TaskListQueue q = list(key);
    if (q.parkedCount() >= MAX_POLLERS_PER_LIST) {
      throw Fault.limitExceeded("Limit on maximum concurrent poll requests per task list reached");
    }
    java.util.concurrent.ScheduledFuture<?> expiry =
        holds.schedule(
            () -> {
              if (q.unpark(poll)) poll.result.complete(null);
            },
            hold.toMillis(),
            TimeUnit.MILLISECONDS);
    // an answered poll must not leave its hold timer (and the poll) in memory until it would have
    // expired
    var unused = poll.result.whenComplete((r, t) -> expiry.cancel(false));
    poll.connection.onClose(
        () -> {
          if (q.unpark(poll)) poll.result.complete(null);
        });
    next(q, poll);
    return poll;
  }

  /** Gives the poller backlog tasks until one starts, or parks it. */
  private void next(TaskListQueue q, Poll<?> poll) {
    while (!poll.result.isDone()) {
      PendingTask t = q.take(poll, true);
      if (t == null) return; // parked
      if (tryStart(poll, t)) {
        handOvers.accept(false);
        return;
      }
    }
  }

  private void deliver(TaskListKey key, Poll<?> poll, PendingTask task) {
    if (tryStart(poll, task)) handOvers.accept(true);
    else next(list(key), poll);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean tryStart(Poll poll, PendingTask task) {
    Object started;
    try {
      started = starters.get(task.list().kind()).start(task, poll.identity);
    } catch (RuntimeException e) {
      // the run is unchanged (its unit of work did not commit): the task stays scheduled
      // and this poller gets an empty answer rather than looping on the same failure
      log.error("starting {} failed; it goes back to the backlog", task, e);
      list(task.list()).requeue(task);
      poll.result.complete(null);
      return true;
    }
    if (started == null) return false;
    poll.result.complete(started);
    GoneTasks g = gone;
    if (g != null) {
      g.add(task.runPk(), task.scheduledEventId());
      list(task.list())
          .remove(task.runPk(), task.scheduledEventId()); // a late copy offered while it started
    }
    startedTasks.accept(task);
    return true;
  }

  /** Drops a task that can no longer be started (canceled, timed out, run closed). */
  public void withdraw(TaskListKey key, long runPk, long scheduledEventId) {
    GoneTasks g = gone;
    if (g != null) g.add(runPk, scheduledEventId);
    TaskListQueue q = lists.get(key);
    if (q != null) q.remove(runPk, scheduledEventId);
  }

  /** Drops every waiting task of the given runs (they closed or are gone), on every list. */
  public void withdrawRuns(java.util.Set<Long> runPks) {
    if (runPks.isEmpty()) return;
    for (TaskListQueue q : lists.values()) q.removeIf(t -> runPks.contains(t.runPk()));
  }

  /** Tasks waiting for a poller on every list. */
  public int backlogTotal() {
    int n = 0;
    for (TaskListQueue q : lists.values()) n += q.backlogSize();
    return n;
  }

  public int pending(TaskListKey key) {
    TaskListQueue q = lists.get(key);
    return q == null ? 0 : q.backlogSize();
  }

  public int parked(TaskListKey key) {
    TaskListQueue q = lists.get(key);
    return q == null ? 0 : q.parkedCount();
  }

  /** Stopping: parked polls get their empty answer now instead of holding the shutdown up. */
  public void releaseParked() {
    lists.values().forEach(TaskListQueue::releaseAll);
  }

  /**
   * Forgets every task list (a reset of all state): parked polls answer empty, backlogs are
   * dropped.
   */
  public void clear() {
    releaseParked();
    lists.clear();
  }

  @Override
  public void close() {
    releaseParked();
    holds.shutdownNow();
    handoffs.shutdownNow();
  }
}
