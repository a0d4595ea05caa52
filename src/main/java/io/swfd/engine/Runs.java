package io.swfd.engine;

import io.swfd.matching.ClusterBus;
import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import io.swfd.run.RunChange;
import io.swfd.run.RunNotFoundException;
import io.swfd.run.RunState;
import io.swfd.run.StaleRunException;
import io.swfd.store.Fence;
import io.swfd.store.FencedException;
import io.swfd.store.Lineage;
import io.swfd.store.RunStore;
import io.swfd.store.StoreException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where units of work on runs happen: one run at a time (a lock per run), on the run's current
 * state (kept in memory while the run is open), committed by the store before anyone is told; then
 * new tasks go to the matching queues and new deadlines to the timer service.
 *
 * <p>Alone on the store, a unit of work holds its run's lock only while it changes the state in
 * memory and queues its write ({@link RunStore#commitQueued}); it waits for the write to be durable
 * after letting the lock go, so the next unit of work on the run goes on meanwhile and their writes
 * share a commit. The store commits a run's writes in the order they were queued. Nothing that is
 * not durable is shown: a unit of work answers (and a read of a run answers) only once every write
 * of the run queued up to then is durable, and tasks and deadlines are handed on only once their
 * write is. If a write fails, every unit of work whose write it carried gets the error, later ones
 * that built on it find the run changed (the version check) and are done again, and the run is read
 * from the store again before anyone uses it; the same happens when a unit of work fails halfway.
 *
 * <p>On a store shared with other nodes ({@link #shareStore}) a run is served in one of two ways,
 * chosen for each unit of work. A run of a shard this node owns ({@link Ownership}) is served as
 * above, from memory, with its writes queued and group-committed under the shard's {@link Fence}
 * (the store refuses them once another node took the shard: {@link FencedException}, a 503 for the
 * callers, and the shard's runs leave memory). Any other run is read from the store by every unit
 * of work and committed at once. Every write of an existing run carries the version it was made on,
 * so no copy in memory can overwrite a newer row: one whose commit finds a run changed by another
 * node ({@link StaleRunException}) is done again on the state read anew from the store (a unit of
 * work is a pure function of the state and the request), and so is a unit of work on a run held in
 * memory that refused (an unknown task, say) before it read the run afresh, since another node may
 * have changed the run meanwhile (a poll there started a task). Committed changes are also told to
 * the other nodes through the {@link ClusterBus} (a run held here that another node changed is read
 * again); deadlines fire once because each attempt first reads the run afresh and checks that the
 * deadline's row is still there and due, and the firing commit deletes it.
 */
public final class Runs {
  private static final Logger log = LoggerFactory.getLogger(Runs.class);
  private static final int STRIPES = 1024;

  /** Attempts of a unit of work on a shared store before its conflict is reported (as a 500). */
  static final int MAX_ATTEMPTS = 12;

  private final RunStore store;
  private final InstantSource clock;
  private final TaskQueues queues;
  private final TimerService timers;
  private final Map<Long, Held> open = new ConcurrentHashMap<>();
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
   * Which runs this node serves from memory on a store shared by a cluster: those of the shards it
   * owns (issue 14). Without one every run is read from the store.
   */
  public interface Ownership {
    /** The shard of the runs of one workflow id. */
    int shardOf(String region, String domain, String workflowId);

    /** The fence this node holds {@code shard} under, or null when it does not surely hold it. */
    Fence fence(int shard);

    /** A write under ({@code shard}, {@code epoch}) was refused: another node owns it now. */
    void fenced(int shard, long epoch);
  }

  private volatile Ownership ownership;

  /** Serves the runs of the shards {@code o} says this node owns from memory (shared store). */
  public void own(Ownership o) {
    this.ownership = o;
  }

  /** The fence under which this node may serve {@code s} from memory, or null. */
  private Fence fenceFor(RunState s) {
    Ownership o = ownership;
    return o == null ? null : o.fence(o.shardOf(s.region, s.domain, s.workflowId));
  }

  /**
   * Whether a run held in memory is still this node's to serve (its shard under the same lease).
   */
  private boolean serves(Held h) {
    Ownership o = ownership;
    return h.fence != null && o != null && h.fence.equals(o.fence(h.fence.shard()));
  }

  /**
   * The shard is no longer this node's (lost, handed over, fenced): its runs leave memory, and this
   * returns once the writes queued for them are durable or failed (up to 5 s), so that the lease is
   * given up only after them. Units of work that come later read the runs from the store.
   */
  public void shardLost(int shard) {
    List<CompletableFuture<Void>> tails = new ArrayList<>();
    for (Held h : List.copyOf(open.values())) {
      if (h.fence == null || h.fence.shard() != shard) continue;
      long runPk = h.state.runPk;
      ReentrantLock lock = lock(runPk);
      lock.lock();
      try {
        h.reload = true;
        if (open.remove(runPk, h)) dropped(h);
        tails.add(h.tail);
      } finally {
        lock.unlock();
      }
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    for (CompletableFuture<Void> t : tails) {
      try {
        t.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException
          | java.util.concurrent.CancellationException e) {
        // failed or slow: the fence refuses whatever comes after the lease is given up
      }
    }
  }

  /**
   * Another node committed a change of the run (the cluster bus): a copy held here that is older is
   * read from the store again before it is used.
   */
  public void changedElsewhere(long runPk, long version) {
    Held h = open.get(runPk);
    if (h != null && version > 0 && h.state.version < version) h.reload = true;
  }

  /** The runs held in memory (metrics: a cluster node holds those of its shards). */
  public int heldCount() {
    return open.size();
  }

  /**
   * Switches to shared-store mode (before the server starts): other nodes work on the same runs,
   * and {@code bus} carries this node's committed changes to them.
   */
  public void shareStore(ClusterBus bus) {
    this.bus = bus;
    this.shared = true;
    forgetAll();
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
    return startedTasks.get() > 0;
  }

  /**
   * Started (decision and activity) tasks of the runs held in memory: each {@link Held} adds its
   * own, counted again under the run's lock whenever a unit of work has changed its state, and
   * taken away when it leaves memory; so time skipping asks without reading other runs' state.
   */
  private final AtomicInteger startedTasks = new AtomicInteger();

  /** Counts a held run's started tasks again (holding the run's lock, after a unit of work). */
  private void recount(Held h) {
    synchronized (h) {
      if (h.dropped) return;
      RunState s = h.state;
      int n = 0;
      if (s.isOpen()) {
        if (s.decision.isStarted()) n++;
        for (RunState.ActivityState a : s.activities.values()) if (a.isStarted()) n++;
      }
      startedTasks.addAndGet(n - h.started);
      h.started = n;
    }
  }

  /** A held run leaves memory: its started tasks no longer count. */
  private void dropped(Held h) {
    if (h == null) return;
    synchronized (h) {
      h.dropped = true;
      startedTasks.addAndGet(-h.started);
      h.started = 0;
    }
  }

  /**
   * Drops the in-memory copies of every run (a reset of all state: the store's rows are gone as
   * well).
   */
  public void forgetAll() {
    for (Held h : open.values()) dropped(h);
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

  /**
   * A run held in memory (alone on the store), and how far the writes queued for it have got. Its
   * state is changed only under the run's lock; the writes go to the store in the order they were
   * queued, and nobody is answered from the state before the writes it reflects are durable.
   */
  private static final class Held {
    final RunState state;

    /**
     * Completes once every write queued for the run so far is durable and told to matching and
     * timers; exceptionally if one of them failed.
     */
    volatile CompletableFuture<Void> tail = DONE;

    /**
     * The state in memory is not to be trusted (a write failed, or a unit of work failed halfway):
     * whoever comes next waits for the tail and reads the run from the store again.
     */
    volatile boolean reload;

    /** The number of the last write queued for the run (see {@link #queue}). */
    volatile long lastWrite;

    /** Its started tasks as counted in {@link #startedTasks}; none once it left memory. */
    int started;

    boolean dropped;

    /**
     * On a shared store: the lease this node serves the run under (its writes carry it), or null
     * for a run of another node's shard, read from the store for one unit of work and not kept.
     */
    final Fence fence;

    /**
     * Read from the store and not yet used by a unit of work (a refusal on it is not a stale
     * copy's).
     */
    boolean untouched;

    /** The writes queued from this copy (on a shared store: once one fails, the later ones do). */
    final Lineage lineage = new Lineage();

    Held(RunState state) {
      this(state, null);
    }

    Held(RunState state, Fence fence) {
      this.state = state;
      this.fence = fence;
    }
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * Times a unit of work is done again alone on the store: when its write found the run changed (an
   * earlier write of the run failed, or a run created meanwhile was read from the store), or when
   * it read what an earlier write that failed had changed.
   */
  private static final int LOCAL_ATTEMPTS = 3;

  private final AtomicLong writeNumbers = new AtomicLong();

  /**
   * Where outside calls a durable write asks for ({@link RunTx#afterCommit}) are made: never on the
   * thread that learns of the commit, which may be the store's one writer (a call whose answer runs
   * a unit of work there would wait for that writer itself).
   */
  private static final java.util.concurrent.Executor AFTER_COMMIT =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "swfd-after-commit");
            t.setDaemon(true);
            return t;
          });

  /**
   * What a unit of work waits for once it has let go of its runs' locks: its own write (null when
   * it wrote nothing) and the writes of its runs queued before it.
   */
  private record Waits(CompletableFuture<Void> own, List<CompletableFuture<Void>> before) {}

  /** Runs {@code work} on an existing run and commits what it did. */
  public <T> T update(long runPk, Function<RunTx, T> work) {
    int max = shared ? MAX_ATTEMPTS : LOCAL_ATTEMPTS;
    for (int attempt = 1; ; attempt++) {
      T result;
      Waits waits;
      ReentrantLock lock = lock(runPk);
      lock.lock();
      try {
        Held h = shared ? serving(runPk, firing(runPk)) : current(runPk);
        if (shared && h.fence == null) {
          // another node's shard: read from the store (just now), committed at once
          try {
            guardFiring(runPk, runPk);
            RunTx tx = new RunTx(h.state, false, clock.instant(), this::nextSequence);
            T r = work.apply(tx);
            commitShared(List.of(tx));
            return r;
          } catch (StaleRunException stale) {
            backOff(stale, attempt);
            continue;
          }
        }
        boolean fresh = h.untouched;
        h.untouched = false;
        if (shared) guardFiring(runPk, runPk);
        try {
          RunTx tx = new RunTx(h.state, false, clock.instant(), this::nextSequence);
          result = work.apply(tx);
          recount(h);
          waits = queue(List.of(tx), List.of(h), fences(h));
        } catch (RuntimeException e) {
          h.reload = true; // the stored state (once the queued writes are in) stays the truth
          if (retryFresh(e, fresh, attempt)) continue;
          throw e;
        }
      } finally {
        lock.unlock();
      }
      // the disk is waited for without the lock: other units of work on the run go on meanwhile
      if (settled(waits, false, attempt, max)) return result;
    }
  }

  /**
   * On a shared store: whether a unit of work that failed on a run held in memory is done again on
   * the run read afresh, because the copy it used may be older than the store's (another node
   * changed the run). A store failure is not retried so, nor is a refusal on a fresh copy.
   */
  private boolean retryFresh(RuntimeException e, boolean fresh, int attempt) {
    return shared
        && !fresh
        && attempt < MAX_ATTEMPTS
        && !(e instanceof StoreException)
        && !(e instanceof DeadlineGone);
  }

  /** On a shared store: waits a little before the next attempt of a conflicting unit of work. */
  private static void backOff(StaleRunException stale, int attempt) {
    if (attempt >= MAX_ATTEMPTS) throw stale;
    try {
      Thread.sleep(
          java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << Math.min(attempt, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw stale;
    }
  }

  /** The fences the writes of the held runs are made under (none alone on the store). */
  private static List<Fence> fences(Held... held) {
    List<Fence> out = new ArrayList<>(held.length);
    for (Held h : held) if (h.fence != null && !out.contains(h.fence)) out.add(h.fence);
    return out;
  }

  /** Whether the current thread is firing a deadline of {@code runPk} (which reads it afresh). */
  private static boolean firing(long runPk) {
    Firing f = FIRING.get();
    return f != null && f.runPk() == runPk;
  }

  /**
   * On a shared store, holding the run's lock: the run as this node serves it. A run of a shard it
   * owns is held in memory (read from the store when it is not there yet, can no longer be trusted,
   * or {@code fresh} is asked for); any other is read from the store, with no fence, and not kept.
   */
  private Held serving(long runPk, boolean fresh) {
    Held h = open.get(runPk);
    if (h != null) {
      if (!fresh && !h.reload && serves(h)) return h;
      awaitQuietly(h.tail);
      if (open.remove(runPk, h)) dropped(h);
    }
    RunState s = load(runPk);
    Held loaded = new Held(s, fenceFor(s));
    loaded.untouched = true;
    if (loaded.fence != null && s.isOpen()) {
      open.put(runPk, loaded);
      recount(loaded);
    }
    return loaded;
  }

  /**
   * On a shared store, holding the run's lock: a copy held in memory leaves it once its queued
   * writes are in (a unit of work is about to commit the run at once, from the store's state).
   */
  private void unhold(long runPk) {
    Held h = open.get(runPk);
    if (h == null) return;
    h.reload = true;
    awaitQuietly(h.tail);
    if (open.remove(runPk, h)) dropped(h);
  }

  /**
   * Records an activity task's heartbeat: {@code beat} finds the task in the run's current state
   * and sets its heartbeat time and details there; the store then keeps them on the task's own row.
   * Unlike {@link #update} nothing else is written (no history event, no new version of the run, no
   * deadline: the heartbeat deadline is worked out from the time when it comes due), so the most
   * frequent call of a worker fleet is also the cheapest write; {@code beat} throws (a task that is
   * unknown or closed) only before it changes anything. Like every write it holds the run's lock
   * only while it is queued, so the heartbeats of many tasks of one run share their commits. On a
   * shared store the state is read fresh and no version check is needed: the row is the task's
   * alone.
   */
  public RunState.ActivityState heartbeat(
      long runPk, Function<RunState, RunState.ActivityState> beat) {
    int max = shared ? MAX_ATTEMPTS : LOCAL_ATTEMPTS;
    for (int attempt = 1; ; attempt++) {
      RunState.ActivityState a;
      Waits waits;
      ReentrantLock lock = lock(runPk);
      lock.lock();
      try {
        Held h = shared ? serving(runPk, false) : current(runPk);
        if (shared && h.fence == null) {
          // another node's shard: the state was just read; the row is the task's alone
          a = beat.apply(h.state);
          store.recordHeartbeat(
              runPk,
              a.scheduledEventId,
              Instant.ofEpochMilli(a.lastHeartbeatAt),
              a.heartbeatDetails);
          return a;
        }
        boolean fresh = h.untouched;
        h.untouched = false;
        // beat refuses (an unknown or closed task: a late heartbeat) before it changes anything, so
        // that the run in memory stays as it is; a big fan-out run is not read again for it (but on
        // a shared store a copy that was not read just now is: another node may have started the
        // task)
        try {
          a = beat.apply(h.state);
        } catch (RuntimeException e) {
          if (retryFresh(e, fresh, attempt)) {
            h.reload = true;
            continue;
          }
          throw e;
        }
        try {
          CompletableFuture<Void> written =
              store.recordHeartbeatQueued(
                  runPk,
                  a.scheduledEventId,
                  Instant.ofEpochMilli(a.lastHeartbeatAt),
                  a.heartbeatDetails,
                  fences(h));
          waits = track(List.of(h), written, () -> {});
        } catch (RuntimeException e) {
          h.reload = true; // the stored state (and heartbeat) stay the truth
          throw e;
        }
      } finally {
        lock.unlock();
      }
      // its answer (e.g. cancelRequested) came from the state: done again if that was not stored
      if (settled(waits, true, attempt, max)) return a;
    }
  }

  /**
   * Once alone on the store; on a shared store again (on fresh state) while another node's commit
   * got in first.
   */
  private <T> T attempts(java.util.function.Supplier<T> attempt) {
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
    settle(runPk);
    Set<String> keys = new HashSet<>();
    for (TimerRow t : store.timers(runPk)) keys.add(t.key());
    keys.remove(firing);
    return keys;
  }

  /**
   * Waits until every write queued for the run so far is durable (or failed), so that what is read
   * from the store next (its history, its deadlines) is at least as new as what any unit of work on
   * it has seen. Immediate on a shared store, whose writes are durable before they are seen.
   */
  public void settle(long runPk) {
    Held h = open.get(runPk);
    if (h != null) awaitQuietly(h.tail);
  }

  private static void awaitQuietly(CompletableFuture<Void> f) {
    try {
      f.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      // failed: the store has what it has, and the run is read from it again
    }
  }

  /**
   * An event of a run's history, for the payloads that stay there rather than in the run's pending
   * state (an activity's input, a child's input, tags and control, a signal's input and control).
   */
  io.swfd.run.HistoryEvent eventOf(long runPk, long eventId) {
    List<io.swfd.run.HistoryEvent> e = store.events(runPk, eventId - 1, eventId, false, 1);
    if (e.isEmpty()) throw new RunNotFoundException(runPk);
    return e.get(0);
  }

  /** Removes a closed run (retention); an open run is never removed. */
  public void delete(long runPk) {
    ReentrantLock lock = lock(runPk);
    lock.lock();
    try {
      if (shared) unhold(runPk);
      RunState s = shared ? load(runPk) : current(runPk).state;
      if (s.isOpen()) return;
      guardFiring(runPk, runPk);
      // alone on the store this goes to the writer after every write of the run queued before it
      store.deleteRun(runPk);
      timers.disarmRun(runPk);
      dropped(open.remove(runPk));
      if (shared)
        bus.publish(
            new ClusterBus.Change(runPk, 0, List.of(), List.of(), Map.of(), Set.of(), true));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads a run under its lock (no commit); answers once what it read is durable (alone on the
   * store, the writes queued before it).
   */
  public <T> T read(long runPk, Function<RunState, T> reader) {
    for (int attempt = 1; ; attempt++) {
      T result;
      Waits waits;
      ReentrantLock lock = lock(runPk);
      lock.lock();
      try {
        Held h = shared ? serving(runPk, false) : current(runPk);
        // another node's shard: read from the store just now
        if (shared && h.fence == null) return reader.apply(h.state);
        result = reader.apply(h.state);
        waits = new Waits(null, List.of(h.tail));
      } finally {
        lock.unlock();
      }
      if (settled(waits, true, attempt, shared ? MAX_ATTEMPTS : LOCAL_ATTEMPTS)) return result;
    }
  }

  /** Creates a run: {@code work} appends its first events to the fresh state. */
  public <T> T create(RunState fresh, Function<RunTx, T> work) {
    RunTx tx = new RunTx(fresh, true, clock.instant(), this::nextSequence);
    T result = work.apply(tx);
    Fence fence = shared ? fenceFor(fresh) : null;
    if (shared && fence == null) {
      commitShared(List.of(tx)); // assigns runPk
      return result;
    }
    // assigns runPk
    settled(
        queue(List.of(tx), List.of(), fence == null ? List.of() : List.of(fence)),
        false,
        LOCAL_ATTEMPTS,
        LOCAL_ATTEMPTS);
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
    int max = shared ? MAX_ATTEMPTS : LOCAL_ATTEMPTS;
    for (int attempt = 1; ; attempt++) {
      T result;
      Waits waits;
      first.lock();
      second.lock();
      try {
        Held ha = shared ? serving(a, firing(a)) : current(a);
        Held hb = shared ? serving(b, firing(b)) : current(b);
        if (shared && (ha.fence == null || hb.fence == null)) {
          // not both this node's: both read from the store and committed at once
          unhold(a);
          unhold(b);
          return attempts(
              () -> {
                RunTx ta = new RunTx(load(a), false, clock.instant(), this::nextSequence);
                RunTx tb = new RunTx(load(b), false, clock.instant(), this::nextSequence);
                guardFiring(a, b);
                T r = work.apply(ta, tb);
                commitShared(List.of(ta, tb));
                return r;
              });
        }
        boolean fresh = ha.untouched && hb.untouched;
        ha.untouched = false;
        hb.untouched = false;
        if (shared) guardFiring(a, b);
        try {
          RunTx ta = new RunTx(ha.state, false, clock.instant(), this::nextSequence);
          RunTx tb = new RunTx(hb.state, false, clock.instant(), this::nextSequence);
          result = work.apply(ta, tb);
          recount(ha);
          recount(hb);
          waits = queue(List.of(ta, tb), List.of(ha, hb), fences(ha, hb));
        } catch (RuntimeException e) {
          ha.reload = true;
          hb.reload = true;
          if (retryFresh(e, fresh, attempt)) continue;
          throw e;
        }
      } finally {
        second.unlock();
        first.unlock();
      }
      if (settled(waits, false, attempt, max)) return result;
    }
  }

  /** The writes of units of work: existing runs before new ones (a continued run closes first). */
  private List<RunChange> writesOf(List<RunTx> all) {
    List<RunChange> writes = new ArrayList<>();
    for (RunTx tx : all) {
      writes.add(
          RunChange.of(
              tx.state(),
              tx.isNew(),
              tx.expectedVersion(),
              List.copyOf(tx.events()),
              Map.copyOf(tx.timersPut()),
              Set.copyOf(tx.timersDelete()),
              tx.deleteAllTimers(),
              tx.items()));
    }
    return writes;
  }

  private static List<RunTx> changed(List<RunTx> txs) {
    List<RunTx> all = new ArrayList<>();
    for (RunTx tx : txs) if (tx.hasChanges()) all.add(tx);
    for (RunTx tx : txs) all.addAll(tx.spawned());
    return all;
  }

  /** On a shared store: commits now (holding the runs' locks), then tells the world. */
  private void commitShared(List<RunTx> txs) {
    List<RunTx> all = changed(txs);
    if (all.isEmpty()) return;
    store.commit(writesOf(all));
    for (RunTx tx : all) publishShared(tx);
  }

  /**
   * Alone on the store, holding the locks of {@code held} (the existing runs of {@code txs}, in the
   * same order): queues what the units of work wrote and returns what to wait for. Once the write
   * is durable, new tasks go to the matching queues and deadlines to the timer service (on the
   * thread that learns of it, in the order the writes were queued); if it fails, the runs are read
   * from the store again by whoever comes next.
   */
  private Waits queue(List<RunTx> txs, List<Held> held, List<Fence> fences) {
    List<RunTx> all = changed(txs);
    if (all.isEmpty()) {
      List<CompletableFuture<Void>> before = new ArrayList<>(held.size());
      for (Held h : held) before.add(h.tail);
      return new Waits(null, before);
    }
    // what the world is told is taken now: the states change on once the locks are let go
    List<Told> told = new ArrayList<>(all.size());
    for (RunTx tx : all) {
      Held h = null;
      for (int i = 0; i < held.size(); i++) if (txs.get(i) == tx) h = held.get(i);
      told.add(new Told(tx, h, tx.state().isOpen()));
    }
    List<Lineage> lineages = new ArrayList<>(held.size());
    for (Held h : held) lineages.add(h.lineage);
    CompletableFuture<Void> written =
        shared
            ? store.commitQueued(writesOf(all), fences, lineages)
            : store.commitQueued(writesOf(all));
    long n = writeNumbers.incrementAndGet();
    return track(held, written, () -> told.forEach(t -> publishLocal(t, n)), n);
  }

  /** A unit of work's part in one run, as it was when its write was queued. */
  private record Told(RunTx tx, Held held, boolean open) {}

  private Waits track(List<Held> held, CompletableFuture<Void> written, Runnable onDurable) {
    return track(held, written, onDurable, writeNumbers.incrementAndGet());
  }

  /**
   * Makes {@code written} the last write of the runs {@code held} (their tails wait for it), with
   * {@code onDurable} run when it is durable and before anyone waiting for it goes on.
   */
  private Waits track(
      List<Held> held, CompletableFuture<Void> written, Runnable onDurable, long n) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<CompletableFuture<Void>> before = new ArrayList<>(held.size());
    for (Held h : held) {
      before.add(h.tail);
      h.tail = h.tail.thenCombine(done, (x, y) -> null);
      // in memory until the write is durable, also a closed run (the store is behind until then)
      open.compute(
          h.state.runPk,
          (k, v) -> {
            h.lastWrite = n;
            return h;
          });
    }
    var unused =
        written.whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                for (Held h : held) {
                  h.reload = true;
                  h.lineage.breakOff();
                }
                Throwable cause = unwrap(failure);
                Ownership o = ownership;
                if (cause instanceof FencedException f && o != null) o.fenced(f.shard(), f.epoch());
                done.completeExceptionally(cause);
                return;
              }
              try {
                onDurable.run();
              } catch (RuntimeException e) {
                // durable all the same: a caller must not think it failed
                log.error("telling matching and timers of a commit failed", e);
              }
              done.complete(null);
            });
    return new Waits(done, before);
  }

  /**
   * Waits (holding no lock) for what a unit of work queued. Returns false when it is to be done
   * again on the run's stored state: its write found the run changed, or ({@code readsMatter}) what
   * it read had been changed by an earlier write that failed. Its own write failing otherwise is
   * thrown (a 500 InternalFailure for its caller).
   */
  private boolean settled(Waits w, boolean readsMatter, int attempt, int max) {
    boolean last = attempt >= max;
    if (w.own() != null) {
      try {
        w.own().join();
      } catch (CompletionException e) {
        Throwable cause = unwrap(e);
        if (cause instanceof StaleRunException && !last) return false;
        if (cause instanceof RuntimeException re) throw re;
        if (cause instanceof Error err) throw err;
        throw new StoreException(cause);
      }
      // a write checked by the run's version was durable on the state it was made on
      if (!readsMatter) return true;
    }
    for (CompletableFuture<Void> b : w.before()) {
      try {
        b.join();
      } catch (CompletionException e) {
        if (!last) return false;
        throw new StoreException(unwrap(e));
      }
    }
    return true;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }

  /** Alone on the store: what a durable write changes for the rest of the world. */
  private void publishLocal(Told t, long n) {
    RunTx tx = t.tx();
    RunState s = tx.state();
    if (shared) announce(tx);
    if (tx.isNew()) {
      Fence f = shared ? fenceFor(s) : null;
      if (t.open() && (!shared || f != null)) {
        // a request that found the new run in the store may have loaded (and changed) it already
        open.putIfAbsent(s.runPk, new Held(s, f));
        countOpen(s, 1);
      }
    } else if (!t.open()) {
      if (tx.openedBefore()) countOpen(s, -1);
      // a closed run leaves memory once its last write is durable
      Held h = t.held();
      open.computeIfPresent(
          s.runPk,
          (k, v) -> {
            if (v != h || h.lastWrite != n) return v;
            dropped(h);
            return null;
          });
    }
    tellMatchingAndTimers(tx, s.runPk, true);
  }

  /** On a shared store: the other nodes learn of the commit too. */
  private void publishShared(RunTx tx) {
    announce(tx);
    tellMatchingAndTimers(tx, tx.state().runPk, false);
  }

  /**
   * On a shared store: tells the other nodes of a durable commit (hints: they re-read the store).
   */
  private void announce(RunTx tx) {
    RunState s = tx.state();
    // the other nodes learn of it too (asynchronously: they re-read the store when they act on it)
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
  }

  /** The commit is durable: now the world may learn about it. */
  private void tellMatchingAndTimers(RunTx tx, long runPk, boolean elsewhere) {
    if (tx.deleteAllTimers()) timers.disarmRun(runPk);
    for (String k : tx.timersDelete()) timers.disarm(runPk, k);
    for (Map.Entry<String, Instant> t : tx.timersPut().entrySet())
      timers.arm(runPk, t.getKey(), t.getValue());
    for (Runnable action : tx.afterCommitActions()) {
      if (elsewhere) AFTER_COMMIT.execute(action);
      else action.run();
    }
    for (PendingTask t : tx.withdrawn()) queues.withdraw(t.list(), t.runPk(), t.scheduledEventId());
    for (PendingTask t : tx.tasks()) queues.offer(withRunPk(t, runPk));
  }

  /** Tasks of a run created in this unit of work learn its key only after the insert. */
  private static PendingTask withRunPk(PendingTask t, long runPk) {
    return t.runPk() == runPk
        ? t
        : new PendingTask(t.list(), t.priority(), t.sequence(), runPk, t.scheduledEventId());
  }

  private RunState load(long runPk) {
    return store.load(runPk).orElseThrow(() -> new RunNotFoundException(runPk));
  }

  /**
   * Alone on the store, holding the run's lock: the run in memory, read from the store if it is not
   * there (an open run stays) or can no longer be trusted (then once its queued writes are in).
   */
  private Held current(long runPk) {
    Held h = open.get(runPk);
    if (h != null && !h.reload) return h;
    if (h != null) {
      awaitQuietly(h.tail);
      if (open.remove(runPk, h)) dropped(h);
    }
    Held fresh = new Held(load(runPk));
    if (fresh.state.isOpen()) {
      open.put(runPk, fresh);
      recount(fresh);
    }
    return fresh;
  }

  private ReentrantLock lock(long runPk) {
    return locks[stripe(runPk)];
  }

  private static int stripe(long runPk) {
    return Math.floorMod((runPk * 0x9E3779B97F4A7C15L) >>> 32, STRIPES);
  }

  /** At start: every open run's scheduled tasks go back into the queues, oldest first. */
  public void restoreQueues() {
    List<RunState> runs = store.openRuns();
    if (!shared) {
      for (RunState s : runs) {
        Held h = new Held(s);
        open.put(s.runPk, h);
        countOpen(s, 1);
        recount(h);
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
