package io.swfd.engine;

import io.swfd.matching.ClusterBus;
import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskQueues;
import io.swfd.run.RunState;
import io.swfd.store.RunStore;
import io.swfd.store.TimerRow;
import io.swfd.timers.TimerService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's in-memory matching queues and deadline index in step with the other nodes of a
 * cluster on a shared store. Every node holds every scheduled task and every deadline:
 *
 * <ul>
 *   <li>the other nodes' committed changes arrive on the {@link ClusterBus} within milliseconds:
 *       new tasks are offered here too, at once (a poll parked on this node gets them at once) or
 *       after {@code ownerFirst} if that is set (then a poll parked on the node that committed
 *       them, normally their run's owner, which serves the run from memory, takes them first: a
 *       task started here makes the owner read the run again), tasks started or withdrawn elsewhere
 *       leave this node's backlog, deadlines are armed here as a backup, a little later than due,
 *       so the node that armed one normally fires it and the others find it gone;
 *   <li>a task this node's poller started is announced, so the others drop it;
 *   <li>every {@code sweepEvery} (and at once when the bus reconnects) a sweep reads the store: the
 *       versions of the open runs (one indexed query), the state of each run whose version this
 *       node has not heard of (from its own commits or the bus) to offer its scheduled tasks, the
 *       runs that closed, and the deadlines due soon; so a lost notification costs one sweep's
 *       delay, and a sweep while nothing was lost reads no run.
 * </ul>
 *
 * Nothing here decides anything: a task is handed out once because starting it is a unit of work
 * with a version check, and a deadline fires once because its firing checks and deletes its row.
 */
public final class ClusterSync implements ClusterBus.Listener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterSync.class);

  /** How far ahead a sweep arms deadlines. */
  private static final Duration HORIZON = Duration.ofSeconds(30);

  private final Runs runs;
  private final RunStore store;
  private final TaskQueues queues;
  private final TimerService timers;
  private final ClusterBus bus;
  private final InstantSource clock;
  private final Duration sweepEvery;
  private final Duration backupDelay;
  private final Duration ownerFirst;

  /** Offers other nodes' tasks here once {@link #ownerFirst} has passed. */
  private final ScheduledExecutorService offers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "swfd-cluster-offers");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "swfd-cluster-sweep");
            t.setDaemon(true);
            return t;
          });

  /**
   * runPk -> the latest version of the run this node has heard of (its commits, the bus, sweeps).
   */
  private final Map<Long, Long> known = new java.util.concurrent.ConcurrentHashMap<>();

  /** The open runs of the last sweep (touched by the sweeper thread only). */
  private Set<Long> lastOpen = new HashSet<>();

  private long lastFailureLog;

  public ClusterSync(
      Runs runs,
      TaskQueues queues,
      TimerService timers,
      ClusterBus bus,
      Duration sweepEvery,
      Duration backupDelay,
      Duration ownerFirst) {
    this.runs = runs;
    this.store = runs.store();
    this.queues = queues;
    this.timers = timers;
    this.bus = bus;
    this.clock = runs.clock();
    this.sweepEvery = sweepEvery;
    this.backupDelay = backupDelay;
    this.ownerFirst = ownerFirst;
  }

  public void start() {
    queues.rememberGone(Duration.ofMinutes(2));
    queues.observeStarted(t -> bus.publish(ClusterBus.Change.gone(t)));
    runs.observeCommits(this::heardOf);
    bus.listen(this);
    var unused =
        sweeper.scheduleWithFixedDelay(
            this::sweepQuietly,
            sweepEvery.toMillis(),
            sweepEvery.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void heardOf(long runPk, long version) {
    known.merge(runPk, version, Math::max);
  }

  @Override
  public void changed(ClusterBus.Change c) {
    if (c.version() > 0) heardOf(c.runPk(), c.version());
    runs.changedElsewhere(c.runPk(), c.version());
    for (PendingTask t : c.gone()) queues.withdraw(t.list(), t.runPk(), t.scheduledEventId());
    for (PendingTask t : c.offered()) {
      Runnable offer =
          () ->
              queues.offer(
                  new PendingTask(
                      t.list(),
                      t.priority(),
                      runs.nextSequence(),
                      t.runPk(),
                      t.scheduledEventId()));
      if (ownerFirst.isZero() || offers.isShutdown()) offer.run();
      else {
        var unused = offers.schedule(offer, ownerFirst.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (c.disarmedAll()) timers.disarmRun(c.runPk());
    for (String key : c.disarmed()) timers.disarm(c.runPk(), key);
    for (Map.Entry<String, Instant> a : c.armed().entrySet())
      timers.arm(c.runPk(), a.getKey(), a.getValue().plus(backupDelay));
  }

  @Override
  public void resync() {
    if (!sweeper.isShutdown()) sweeper.execute(this::sweepQuietly);
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      long now = System.currentTimeMillis();
      if (now - lastFailureLog > 10_000) {
        lastFailureLog = now;
        log.warn(
            "sweeping the shared store failed ({}); trying again in {} ms",
            e.toString(),
            sweepEvery.toMillis());
      }
    }
  }

  /** One look at the store (see the class comment). */
  void sweep() {
    Map<Long, Long> versions = store.openRunVersions();
    List<RunState> changed = new ArrayList<>();
    for (Map.Entry<Long, Long> e : versions.entrySet()) {
      Long heard = known.get(e.getKey());
      if (heard == null || heard < e.getValue()) {
        store
            .load(e.getKey())
            .ifPresent(
                s -> {
                  changed.add(s);
                  heardOf(s.runPk, s.version);
                  runs.changedElsewhere(s.runPk, s.version);
                });
      }
    }
    runs.offerScheduled(changed);
    // open at the last sweep and not now: closed (or removed), and runs never open again
    Set<Long> closed = new HashSet<>(lastOpen);
    closed.removeAll(versions.keySet());
    queues.withdrawRuns(closed);
    known
        .keySet()
        .retainAll(versions.keySet()); // (a run opened since the query is read once more next time)
    lastOpen = new HashSet<>(versions.keySet());
    runs.sharedOpenRuns(versions.size());
    for (TimerRow t : store.timersDueBy(clock.instant().plus(HORIZON))) {
      timers.armNoLaterThan(t.runPk(), t.key(), t.dueAt().plus(backupDelay));
    }
  }

  @Override
  public void close() {
    offers.shutdownNow();
    sweeper.shutdownNow();
    try {
      sweeper.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
