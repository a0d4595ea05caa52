package io.swfd.timers;

import io.swfd.store.RunStore;
import io.swfd.store.TimerRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory index of the armed deadlines that fall soon (the durable copy of every deadline is
 * the store's timers table). One thread sleeps until the earliest deadline and hands due ones to
 * the engine, which decides whether to fire, re-arm or drop them and deletes the row in the same
 * commit.
 *
 * <p>Once {@linkplain #keepNear given the store}, only deadlines due within the horizon are held
 * here: the rest (a closed run's retention, hour-long timeouts that are almost always disarmed
 * before they fall) stay in the store, and the timer thread reads in each slice of time before it
 * comes near. Memory then stays flat however many runs have closed.
 */
public final class TimerService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TimerService.class);

  /** What happens when a deadline comes due. */
  public interface Firing {
    void fire(long runPk, String key);
  }

  private record Entry(long dueMillis, long runPk, String key) {}

  private final TreeSet<Entry> byDue =
      new TreeSet<>(
          Comparator.comparingLong(Entry::dueMillis)
              .thenComparingLong(Entry::runPk)
              .thenComparing(Entry::key));

  /** Armed deadlines by run, then key: a closing run disarms all of its own at once. */
  private final Map<Long, Map<String, Entry>> byRun = new HashMap<>();

  private final InstantSource clock;
  private final boolean manual;
  private final Thread thread;

  /**
   * Firing threads, a run always on the same one: a run's deadlines fire in the order they fall
   * even when several are due at once (after a restart, or a jump of a test clock), so e.g. a
   * decision task times out before the run that was due to time out later.
   */
  private final ExecutorService[] firing = new ExecutorService[4];

  private volatile Firing target;
  private volatile java.util.function.LongConsumer lateness = ms -> {};
  private volatile boolean closed;

  /** Where the deadlines beyond the horizon wait; null: every deadline is held here. */
  private RunStore far;

  private long horizonMillis;

  /**
   * Every deadline due at or before this is in the index; later ones only if armed after the slice
   * they fall in was read (none: they are left to the read). Guarded by this.
   */
  private long loadedUntil = Long.MAX_VALUE;

  /** Deadlines taken off the index whose firing has not finished yet (see {@link #settled()}). */
  private final AtomicInteger firingNow = new AtomicInteger();

  public TimerService(InstantSource clock) {
    this.clock = clock;
    this.manual = clock instanceof ManualClock;
    if (clock instanceof ManualClock mc) mc.onAdvance(this::wakeUp);
    AtomicInteger n = new AtomicInteger();
    for (int i = 0; i < firing.length; i++) {
      firing[i] =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "swfd-timer-fire-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    this.thread = new Thread(this::loop, "swfd-timers");
    this.thread.setDaemon(true);
  }

  /** Told how many milliseconds late each deadline fired. */
  public void observeLateness(java.util.function.LongConsumer observer) {
    this.lateness = observer;
  }

  public void start(Firing target) {
    this.target = target;
    thread.start();
  }

  /**
   * Holds only the deadlines due within {@code horizon} from now from here on, reading the nearest
   * ones from {@code far} at once and each further slice before it comes near (at start).
   */
  public synchronized void keepNear(RunStore far, Duration horizon) {
    this.far = far;
    this.horizonMillis = horizon.toMillis();
    this.loadedUntil = Long.MIN_VALUE;
    readAhead(clock.millis());
    notifyAll();
  }

  /**
   * Reads the deadlines of the next slice of time from the store into the index. Done holding this
   * object's lock: a commit's arm or disarm that is told meanwhile waits, and so lands after the
   * read (a disarm then removes what the read may have found just before the row went).
   */
  private void readAhead(long now) {
    long until = now + horizonMillis;
    for (TimerRow r :
        far.timersDueBetween(
            Instant.ofEpochMilli(Math.max(loadedUntil, 0)), Instant.ofEpochMilli(until))) {
      put(new Entry(r.dueAt().toEpochMilli(), r.runPk(), r.key()));
    }
    loadedUntil = until;
  }

  /** Whether the next slice is due to be read (half a horizon before the read one runs out). */
  private boolean readAheadDue(long now) {
    return far != null && now + horizonMillis / 2 > loadedUntil;
  }

  public synchronized void arm(long runPk, String key, Instant due) {
    Entry e = new Entry(due.toEpochMilli(), runPk, key);
    if (e.dueMillis() > loadedUntil) {
      // beyond the read slices: the store has it and the read of its slice will bring it; an
      // earlier arming of the same deadline that is held here must not fire in its place
      disarm(runPk, key);
      return;
    }
    put(e);
    if (isFirst(e)) notifyAll();
  }

  /** Whether this very entry (not an equal one) is the earliest held. */
  @SuppressWarnings("ReferenceEquality")
  private boolean isFirst(Entry e) {
    return byDue.first() == e;
  }

  private void put(Entry e) {
    Entry old = byRun.computeIfAbsent(e.runPk(), k -> new HashMap<>()).put(e.key(), e);
    if (old != null) byDue.remove(old);
    byDue.add(e);
  }

  /**
   * Arms the deadline unless it is already armed to come due no later than {@code due} (a node of a
   * cluster arms the other nodes' deadlines a little late, as a backup, without delaying its own).
   */
  public synchronized void armNoLaterThan(long runPk, String key, Instant due) {
    Map<String, Entry> keys = byRun.get(runPk);
    Entry old = keys == null ? null : keys.get(key);
    if (old == null || old.dueMillis() > due.toEpochMilli()) arm(runPk, key, due);
  }

  public synchronized void disarm(long runPk, String key) {
    Map<String, Entry> keys = byRun.get(runPk);
    if (keys == null) return;
    Entry e = keys.remove(key);
    if (e != null) byDue.remove(e);
    if (keys.isEmpty()) byRun.remove(runPk);
  }

  public synchronized void disarmRun(long runPk) {
    Map<String, Entry> keys = byRun.remove(runPk);
    if (keys != null) keys.values().forEach(byDue::remove);
  }

  public synchronized int size() {
    return byDue.size();
  }

  /**
   * Whether every deadline due by now has fired (and its unit of work committed): with a test
   * clock, what an advance made due has happened once this is true.
   */
  public synchronized boolean settled() {
    long now = clock.millis();
    return !readAheadDue(now)
        && (byDue.isEmpty() || byDue.first().dueMillis() > now)
        && firingNow.get() == 0;
  }

  /** Disarms every deadline (a reset of all state: the store's timer rows are gone as well). */
  public synchronized void clear() {
    byDue.clear();
    byRun.clear();
  }

  /** Next deadline, for time skipping; null when none is armed. */
  public synchronized Instant nextDue() {
    if (!byDue.isEmpty()) return Instant.ofEpochMilli(byDue.first().dueMillis());
    return far == null ? null : far.earliestTimerAfter(Instant.ofEpochMilli(loadedUntil));
  }

  private synchronized void wakeUp() {
    notifyAll();
  }

  private void loop() {
    while (!closed) {
      Entry due;
      synchronized (this) {
        long now = clock.millis();
        if (readAheadDue(now)) {
          try {
            readAhead(now);
          } catch (RuntimeException e) {
            // the store is away: the deadlines are still in it, read them on the next turn
            log.warn("reading the coming deadlines from the store failed; retrying", e);
            try {
              wait(1000);
            } catch (InterruptedException ie) {
              return;
            }
            continue;
          }
        }
        if (byDue.isEmpty() || byDue.first().dueMillis() > now) {
          // wake for the first deadline, and in time to read the next slice
          long until = byDue.isEmpty() ? now + 60_000 : byDue.first().dueMillis();
          if (far != null) until = Math.min(until, loadedUntil - horizonMillis / 2 + 1);
          try {
            wait(manual ? 1000 : Math.max(1, until - now));
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
        due = byDue.first();
        disarm(due.runPk(), due.key());
        firingNow.incrementAndGet();
      }
      Entry e = due;
      lateness.accept(clock.millis() - e.dueMillis());
      firing[(int) Math.floorMod(e.runPk(), (long) firing.length)].execute(
          () -> {
            try {
              target.fire(e.runPk(), e.key());
            } catch (RuntimeException ex) {
              // the row is still in the store; try again shortly rather than lose the deadline
              log.warn("deadline {} of run {} failed to fire; retrying", e.key(), e.runPk(), ex);
              arm(e.runPk(), e.key(), clock.instant().plusMillis(500));
            } finally {
              firingNow.decrementAndGet();
            }
          });
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    for (ExecutorService f : firing) f.shutdownNow();
  }
}
