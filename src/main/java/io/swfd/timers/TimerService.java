package io.swfd.timers;

import io.swfd.store.TimerRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory index of every armed deadline (the durable copy is the store's timers table).
 * One thread sleeps until the earliest deadline and hands due ones to the engine, which decides
 * whether to fire, re-arm or drop them and deletes the row in the same commit.
 */
public final class TimerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerService.class);

    /** What happens when a deadline comes due. */
    public interface Firing {
        void fire(long runPk, String key);
    }

    private record Entry(long dueMillis, long runPk, String key) {
    }

    private final TreeSet<Entry> byDue = new TreeSet<>(Comparator.comparingLong(Entry::dueMillis)
            .thenComparingLong(Entry::runPk).thenComparing(Entry::key));
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
    private volatile java.util.function.LongConsumer lateness = ms -> { };
    private volatile boolean closed;
    /** Deadlines taken off the index whose firing has not finished yet (see {@link #settled()}). */
    private final AtomicInteger firingNow = new AtomicInteger();

    public TimerService(InstantSource clock) {
        this.clock = clock;
        this.manual = clock instanceof ManualClock;
        if (clock instanceof ManualClock mc) mc.onAdvance(this::wakeUp);
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < firing.length; i++) {
            firing[i] = Executors.newSingleThreadExecutor(r -> {
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

    public synchronized void arm(long runPk, String key, Instant due) {
        Entry e = new Entry(due.toEpochMilli(), runPk, key);
        Entry old = byRun.computeIfAbsent(runPk, k -> new HashMap<>()).put(key, e);
        if (old != null) byDue.remove(old);
        byDue.add(e);
        if (byDue.first() == e) notifyAll();
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

    public void armAll(Iterable<TimerRow> rows) {
        for (TimerRow r : rows) arm(r.runPk(), r.key(), r.dueAt());
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

    /** The keys armed for a run (the one being fired is no longer among them). */
    public synchronized java.util.Set<String> keysOf(long runPk) {
        Map<String, Entry> keys = byRun.get(runPk);
        return keys == null ? java.util.Set.of() : java.util.Set.copyOf(keys.keySet());
    }

    public synchronized int size() {
        return byDue.size();
    }

    /**
     * Whether every deadline due by now has fired (and its unit of work committed): with a test
     * clock, what an advance made due has happened once this is true.
     */
    public synchronized boolean settled() {
        return (byDue.isEmpty() || byDue.first().dueMillis() > clock.millis()) && firingNow.get() == 0;
    }

    /** Disarms every deadline (a reset of all state: the store's timer rows are gone as well). */
    public synchronized void clear() {
        byDue.clear();
        byRun.clear();
    }

    /** Next deadline, for time skipping; null when none is armed. */
    public synchronized Instant nextDue() {
        return byDue.isEmpty() ? null : Instant.ofEpochMilli(byDue.first().dueMillis());
    }

    private synchronized void wakeUp() {
        notifyAll();
    }

    private void loop() {
        while (!closed) {
            Entry due;
            synchronized (this) {
                long now = clock.millis();
                if (byDue.isEmpty() || byDue.first().dueMillis() > now) {
                    try {
                        if (byDue.isEmpty() || manual) wait(manual ? 1000 : 60_000);
                        else wait(Math.max(1, byDue.first().dueMillis() - now));
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
            firing[(int) Math.floorMod(e.runPk(), (long) firing.length)].execute(() -> {
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
