package io.swfd.engine;

import io.swfd.matching.ClusterBus;
import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import io.swfd.run.RunNotFoundException;
import io.swfd.run.RunState;
import io.swfd.run.StaleRunException;
import io.swfd.store.RunStore;
import io.swfd.store.RunWrite;
import io.swfd.store.TimerRow;
import io.swfd.timers.TimerService;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Where units of work on runs happen: one run at a time (a lock per run), on the run's current
 * state (kept in memory while the run is open), committed by the store before anyone is told; then
 * new tasks go to the matching queues and new deadlines to the timer service. If anything fails
 * before the commit, the in-memory copy is dropped and the stored state stays the truth.
 *
 * <p>On a store shared with other nodes ({@link #shareStore}) nothing in memory can be trusted:
 * every unit of work reads its runs from the store, and one whose commit finds a run changed by
 * another node ({@link StaleRunException}) is done again on the new state (a unit of work is a pure
 * function of the state and the request). Committed changes are also told to the other nodes
 * through the {@link ClusterBus}; deadlines fire once because each attempt first checks that the
 * deadline's row is still there and due, and the firing commit deletes it.
 */
public final class Runs {
  private static final int STRIPES = 1024;

  /** Attempts of a unit of work on a shared store before its conflict is reported (as a 500). */
  static final int MAX_ATTEMPTS = 12;

  private final RunStore store;
  private final InstantSource clock;
  private final TaskQueues queues;
  private final TimerService timers;
  private final Map<Long, RunState> open = new ConcurrentHashMap<>();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final AtomicLong sequence = new AtomicLong();
  private volatile ClusterBus bus = ClusterBus.NONE;
  private volatile boolean shared;
  private volatile int sharedOpenRuns;
  private volatile java.util.function.BiConsumer<Long, Long> commits = (runPk, version) -> {};

  /** The deadline the current thread is firing (shared store only). */
  private record Firing(long runPk, String key) {}

  private static final ThreadLocal<Firing> FIRING = new ThreadLocal<>();

  /**
   * A deadline about to fire is no longer armed and due in the store: another node fired it, or it
   * was re-armed.
   */
  private static final class DeadlineGone extends RuntimeException {
    DeadlineGone() {
      super(null, null, false, false);
    }
  }

  public Runs(RunStore store, InstantSource clock, TaskQueues queues, TimerService timers) {
    this.store = store;
    this.clock = clock;
    this.queues = queues;
    this.timers = timers;
    for (int i = 0; i < STRIPES; i++) locks[i] = new ReentrantLock();
  }

  public RunStore store() {
    return store;
  }

  /**
   * Switches to shared-store mode (before the server starts): other nodes work on the same runs,
   * and {@code bus} carries this node's committed changes to them.
   */
  public void shareStore(ClusterBus bus) {
    this.bus = bus;
    this.shared = true;
    open.clear();
  }

  public boolean shared() {
    return shared;
  }

  /** Told of every run this node commits, with its new version (shared store only). */
  void observeCommits(java.util.function.BiConsumer<Long, Long> observer) {
    this.commits = observer;
  }

  /** The number of open runs the last sweep of a shared store saw (for metrics). */
  void sharedOpenRuns(int n) {
    sharedOpenRuns = n;
  }

  /**
   * Whether a decision or activity task is being worked on anywhere (time skipping waits for it).
   */
  public boolean anyTaskInProgress() {
    if (shared) return false; // time control is for a single node
    for (RunState s : open.values()) {
      if (s.decision.isStarted()) return true;
      for (RunState.ActivityState a : s.activities.values()) if (a.isStarted()) return true;
    }
    return false;
  }

  /**
   * Drops the in-memory copies of every run (a reset of all state: the store's rows are gone as
   * well).
   */
  public void forgetAll() {
    open.clear();
    openPerDomain.clear();
  }

  /** SWF's quota of open executions per domain (adjustable on AWS too, so settable here). */
  public static final int DEFAULT_MAX_OPEN_PER_DOMAIN = 100_000;

  private volatile int maxOpenPerDomain = DEFAULT_MAX_OPEN_PER_DOMAIN;

  /** Open runs per region and domain, kept as runs open and close (one node alone on its store). */
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> openPerDomain =
      new ConcurrentHashMap<>();

  private final Map<String, long[]> sharedOpenCounts = new ConcurrentHashMap<>();

  public int maxOpenPerDomain() {
    return maxOpenPerDomain;
  }

  public void limitOpenPerDomain(int max) {
    this.maxOpenPerDomain = max;
  }

  /**
   * Whether the domain has as many open runs as it may (StartWorkflowExecution,
   * StartChildWorkflowExecution).
   */
  public boolean domainFull(String region, String domain) {
    long n;
    if (shared) {
      // other nodes open and close runs too: count in the store, at most once a second per domain
      // (a start must not scan the domain's open runs every time)
      String key = region + '\u0000' + domain;
      long now = System.nanoTime();
      long[] cached = sharedOpenCounts.get(key);
      if (cached == null || now - cached[1] > 1_000_000_000L) {
        cached =
            new long[] {
              store.countRuns(
                  new io.swfd.store.VisibilityQuery(
                      region,
                      domain,
                      true,
                      false,
                      Instant.EPOCH,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      false,
                      0,
                      null)),
              now
            };
        sharedOpenCounts.put(key, cached);
      }
      n = cached[0];
    } else {
      java.util.concurrent.atomic.AtomicInteger c = openPerDomain.get(region + '\u0000' + domain);
      n = c == null ? 0 : c.get();
    }
    return n >= maxOpenPerDomain;
  }

  private void countOpen(RunState s, int delta) {
    openPerDomain
        .computeIfAbsent(
            s.region + '\u0000' + s.domain, k -> new java.util.concurrent.atomic.AtomicInteger())
        .addAndGet(delta);
  }

  /** Open runs held in memory (all open runs once they have been touched or restored). */
  public int openCount() {
    return shared ? sharedOpenRuns : open.size();
  }

  public InstantSource clock() {
    return clock;
  }

  long nextSequence() {
    return sequence.incrementAndGet();
  }

  /** Runs {@code work} on an existing run and commits what it did. */
  public <T> T update(long runPk, Function<RunTx, T> work) {
    ReentrantLock lock = lock(runPk);
    lock.lock();
    try {
      return attempts(
          () -> {
            RunState s = current(runPk);
            guardFiring(runPk, runPk);
            RunTx tx = new RunTx(s, false, clock.instant(), this::nextSequence);
            T result;
            try {
              result = work.apply(tx);
              commit(tx);
            } catch (RuntimeException e) {
              open.remove(runPk);
              throw e;
            }
            return result;
          });
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records an activity task's heartbeat: {@code beat} finds the task in the run's current state
   * and sets its heartbeat time and details there; the store then keeps them on the task's own row.
   * Unlike {@link #update} nothing else is written (no history event, no new version of the run, no
   * deadline: the heartbeat deadline is worked out from the time when it comes due), so the most
   * frequent call of a worker fleet is also the cheapest write. On a shared store the state is read
   * fresh and no version check is needed: the row is the task's alone.
   */
  public RunState.ActivityState heartbeat(
      long runPk, Function<RunState, RunState.ActivityState> beat) {
    ReentrantLock lock = lock(runPk);
    lock.lock();
    try {
      RunState s = current(runPk);
      try {
        RunState.ActivityState a = beat.apply(s);
        store.recordHeartbeat(
            runPk, a.scheduledEventId, Instant.ofEpochMilli(a.lastHeartbeatAt), a.heartbeatDetails);
        return a;
      } catch (RuntimeException e) {
        open.remove(runPk); // the stored state (and heartbeat) stay the truth
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Once alone on the store; on a shared store again (on fresh state) while another node's commit
   * got in first.
   */
  private <T> T attempts(java.util.function.Supplier<T> attempt) {
    if (!shared) {
      try {
        return attempt.get();
      } catch (StaleRunException stale) {
        // A run created by another thread is published (put into memory) after its commit, so a
        // request that found it in the store meanwhile may have loaded, changed and committed its
        // own copy before the creator's older copy landed in memory. The failed attempt dropped
        // that copy: once more, on the stored state.
        return attempt.get();
      }
    }
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (StaleRunException stale) {
        if (n >= MAX_ATTEMPTS) throw stale;
        try {
          Thread.sleep(
              java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << Math.min(n, 6)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw stale;
        }
      }
    }
  }

  /**
   * Fires a deadline of a run: {@code firing} does the units of work it causes. On a shared store
   * every node keeps every deadline; each attempt of those units of work first checks that the
   * deadline is still armed and due in the store, and the firing commit deletes it (with the run's
   * version check), so exactly one node's firing goes through.
   */
  public void fire(long runPk, String key, Runnable firing) {
    if (!shared) {
      firing.run();
      return;
    }
    FIRING.set(new Firing(runPk, key));
    try {
      firing.run();
    } catch (DeadlineGone fired) {
      // another node fired it (or it was re-armed for later): nothing to do here
    } finally {
      FIRING.remove();
    }
  }

  private void guardFiring(long a, long b) {
    Firing f = FIRING.get();
    if (f == null || (f.runPk() != a && f.runPk() != b)) return;
    Instant now = clock.instant();
    for (TimerRow t : store.timers(f.runPk())) {
      if (t.key().equals(f.key()) && !t.dueAt().isAfter(now)) return;
    }
    throw new DeadlineGone();
  }

  /** The deadlines of a run still armed besides {@code firing} (the one being fired). */
  Set<String> otherDeadlines(long runPk, String firing) {
    // from the store: the timer service holds only the deadlines that fall soon
    Set<String> keys = new HashSet<>();
    for (TimerRow t : store.timers(runPk)) keys.add(t.key());
    keys.remove(firing);
    return keys;
  }

  /** Removes a closed run (retention); an open run is never removed. */
  public void delete(long runPk) {
    ReentrantLock lock = lock(runPk);
    lock.lock();
    try {
      RunState s = current(runPk);
      if (s.isOpen()) return;
      guardFiring(runPk, runPk);
      store.deleteRun(runPk);
      timers.disarmRun(runPk);
      open.remove(runPk);
      if (shared)
        bus.publish(
            new ClusterBus.Change(runPk, 0, List.of(), List.of(), Map.of(), Set.of(), true));
    } finally {
      lock.unlock();
    }
  }

  /** Reads a run under its lock (no commit). */
  public <T> T read(long runPk, Function<RunState, T> reader) {
    ReentrantLock lock = lock(runPk);
    lock.lock();
    try {
      return reader.apply(current(runPk));
    } finally {
      lock.unlock();
    }
  }

  /** Creates a run: {@code work} appends its first events to the fresh state. */
  public <T> T create(RunState fresh, Function<RunTx, T> work) {
    RunTx tx = new RunTx(fresh, true, clock.instant(), this::nextSequence);
    T result = work.apply(tx);
    commit(tx); // assigns runPk
    return result;
  }

  /** Runs {@code work} on two existing runs at once and commits both in one transaction. */
  public <T> T updatePair(long a, long b, java.util.function.BiFunction<RunTx, RunTx, T> work) {
    if (a == b) throw new IllegalArgumentException("a pair of runs needs two runs");
    // in the order of the lock stripes, not of the run keys: two runs may share a stripe, and pairs
    // ordered by key could then take the same two stripes in opposite orders (a deadlock)
    int sa = stripe(a), sb = stripe(b);
    ReentrantLock first = locks[Math.min(sa, sb)];
    ReentrantLock second = locks[Math.max(sa, sb)];
    first.lock();
    second.lock();
    try {
      return attempts(
          () -> {
            RunTx ta = new RunTx(current(a), false, clock.instant(), this::nextSequence);
            RunTx tb = new RunTx(current(b), false, clock.instant(), this::nextSequence);
            guardFiring(a, b);
            try {
              T result = work.apply(ta, tb);
              commit(List.of(ta, tb));
              return result;
            } catch (RuntimeException e) {
              open.remove(a);
              open.remove(b);
              throw e;
            }
          });
    } finally {
      second.unlock();
      first.unlock();
    }
  }

  private void commit(RunTx tx) {
    commit(List.of(tx));
  }

  /**
   * Existing runs are written before new ones (a continued run closes before its successor opens).
   */
  private void commit(List<RunTx> txs) {
    List<RunTx> all = new ArrayList<>();
    for (RunTx tx : txs) if (tx.hasChanges()) all.add(tx);
    for (RunTx tx : txs) all.addAll(tx.spawned());
    List<RunWrite> writes = new ArrayList<>();
    for (RunTx tx : all) {
      writes.add(
          new RunWrite(
              tx.state(),
              tx.isNew(),
              tx.expectedVersion(),
              List.copyOf(tx.events()),
              Map.copyOf(tx.timersPut()),
              Set.copyOf(tx.timersDelete()),
              tx.deleteAllTimers(),
              Set.copyOf(tx.heartbeatsDelete())));
    }
    if (writes.isEmpty()) return;
    store.commit(writes);
    for (RunTx tx : all) published(tx);
  }

  private void published(RunTx tx) {
    RunState s = tx.state();
    if (shared) {
      // the other nodes learn of it too (asynchronously: they re-read the store when they act on
      // it)
      List<PendingTask> offered = new ArrayList<>();
      for (PendingTask t : tx.tasks()) offered.add(withRunPk(t, s.runPk));
      commits.accept(s.runPk, s.version);
      bus.publish(
          new ClusterBus.Change(
              s.runPk,
              s.version,
              offered,
              List.copyOf(tx.withdrawn()),
              Map.copyOf(tx.timersPut()),
              Set.copyOf(tx.timersDelete()),
              tx.deleteAllTimers()));
    } else if (s.isOpen()) {
      // a new run may have been loaded (and changed) already by a request that found it in the
      // store
      if (tx.isNew()) {
        open.putIfAbsent(s.runPk, s);
        countOpen(s, 1);
      } else {
        open.put(s.runPk, s);
      }
    } else {
      open.remove(s.runPk);
      if (tx.openedBefore()) countOpen(s, -1);
    }
    // the commit is durable: now the world may learn about it
    if (tx.deleteAllTimers()) timers.disarmRun(s.runPk);
    for (String k : tx.timersDelete()) timers.disarm(s.runPk, k);
    for (Map.Entry<String, Instant> t : tx.timersPut().entrySet())
      timers.arm(s.runPk, t.getKey(), t.getValue());
    tx.afterCommitActions().forEach(Runnable::run);
    for (PendingTask t : tx.withdrawn()) queues.withdraw(t.list(), t.runPk(), t.scheduledEventId());
    for (PendingTask t : tx.tasks()) queues.offer(withRunPk(t, s.runPk));
  }

  /** Tasks of a run created in this unit of work learn its key only after the insert. */
  private static PendingTask withRunPk(PendingTask t, long runPk) {
    return t.runPk() == runPk
        ? t
        : new PendingTask(t.list(), t.priority(), t.sequence(), runPk, t.scheduledEventId());
  }

  private RunState current(long runPk) {
    if (shared) return store.load(runPk).orElseThrow(() -> new RunNotFoundException(runPk));
    RunState s = open.get(runPk);
    if (s != null) return s;
    s = store.load(runPk).orElseThrow(() -> new RunNotFoundException(runPk));
    if (s.isOpen()) open.put(runPk, s);
    return s;
  }

  private ReentrantLock lock(long runPk) {
    return locks[stripe(runPk)];
  }

  private static int stripe(long runPk) {
    return (int) Math.floorMod(runPk * 0x9E3779B97F4A7C15L >>> 32, STRIPES);
  }

  /** At start: every open run's scheduled tasks go back into the queues, oldest first. */
  public void restoreQueues() {
    List<RunState> runs = store.openRuns();
    if (!shared) {
      for (RunState s : runs) {
        open.put(s.runPk, s);
        countOpen(s, 1);
      }
    }
    offerScheduled(runs);
  }

  /** Offers the runs' scheduled tasks that no poller has started yet, oldest first. */
  void offerScheduled(List<RunState> runs) {
    record Scheduled(long at, PendingTask task) {}
    List<Scheduled> all = new ArrayList<>();
    for (RunState s : runs) {
      if (!s.isOpen()) continue;
      if (s.decision.isScheduled()) {
        all.add(
            new Scheduled(
                s.decision.scheduledAt,
                task(
                    s,
                    TaskListKey.Kind.DECISION,
                    s.decision.scheduledOnTaskList,
                    s.taskPriority,
                    s.decision.scheduledEventId)));
      }
      for (RunState.ActivityState a : s.activities.values()) {
        if (!a.isStarted()) {
          all.add(
              new Scheduled(
                  a.scheduledAt,
                  task(
                      s,
                      TaskListKey.Kind.ACTIVITY,
                      a.taskList,
                      a.taskPriority,
                      a.scheduledEventId)));
        }
      }
    }
    all.sort(Comparator.comparingLong(Scheduled::at));
    for (Scheduled sc : all) {
      PendingTask t = sc.task();
      queues.offer(
          new PendingTask(t.list(), t.priority(), nextSequence(), t.runPk(), t.scheduledEventId()));
    }
  }

  private static PendingTask task(
      RunState s, TaskListKey.Kind kind, String list, String priority, long scheduledEventId) {
    return new PendingTask(
        new TaskListKey(s.region, s.domain, kind, list),
        Durations.checkPriority("taskPriority", priority),
        0,
        s.runPk,
        scheduledEventId);
  }
}
