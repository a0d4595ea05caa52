package io.swfd.store.jdbc;

import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The histories of open runs as their writes were committed, kept by a store that is the only
 * writer of its runs (SQLite): a decision task's poll answers with the run's history up to the
 * task's Started event, and reading those rows back from the file was the biggest read of a short
 * workflow. Only what is committed is here (events are added once their commit is durable), and
 * only a range that is here in full is answered from it; anything else is read from the store.
 *
 * <p>A run is kept from its first event (a run created by this process) while it is open, within a
 * budget: a run whose history grows past {@link #PER_RUN_BYTES}, or that would take the whole past
 * {@link #TOTAL_BYTES}, is let go and read from the store from then on. A write that failed lets
 * its runs go too (whatever the engine does next is read back from the store).
 */
public final class RecentHistory {
  static final long PER_RUN_BYTES = 256 * 1024;
  static final long TOTAL_BYTES = 64L * 1024 * 1024;

  /** The bookkeeping of one event beyond its attributes' characters. */
  private static final int EVENT_OVERHEAD = 96;

  private record Kept(long eventId, long timestamp, EventType type, String attributes) {}

  /** One run's events from event 1 on, without gaps. */
  private static final class Run {
    final List<Kept> events = new ArrayList<>();
    long bytes;
  }

  private final Map<Long, Run> runs = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  /**
   * Adds what a durable write appended ({@code attributes}: its events' attributes as stored).
   * Called in commit order, so a run's events arrive in order.
   */
  public void committed(RunChange w, long runPk, List<String> attributes) {
    if (w.isNew()) runs.computeIfAbsent(runPk, k -> new Run());
    Run r = runs.get(runPk);
    if (r == null) return;
    boolean keep = true;
    synchronized (r) {
      long last = r.events.isEmpty() ? 0 : r.events.get(r.events.size() - 1).eventId();
      for (int i = 0; i < w.events().size(); i++) {
        HistoryEvent e = w.events().get(i);
        String a = attributes.get(i);
        long size = EVENT_OVERHEAD + 2L * a.length();
        if (e.eventId() != last + 1 || r.bytes + size > PER_RUN_BYTES) {
          keep = false;
          break;
        }
        if (bytes.addAndGet(size) > TOTAL_BYTES) {
          bytes.addAndGet(-size);
          keep = false;
          break;
        }
        r.events.add(new Kept(e.eventId(), e.timestamp().toEpochMilli(), e.type(), a));
        r.bytes += size;
        last = e.eventId();
      }
    }
    if (!keep || w.closed()) forget(runPk);
  }

  /** The run's events are no longer kept (a failed write, a deleted run). */
  public void forget(long runPk) {
    Run r = runs.remove(runPk);
    if (r == null) return;
    synchronized (r) {
      bytes.addAndGet(-r.bytes);
      r.bytes = 0;
      r.events.clear();
    }
  }

  public void forgetAll() {
    for (Long runPk : List.copyOf(runs.keySet())) forget(runPk);
  }

  /**
   * The events that {@link io.swfd.store.RunStore#events} would read, if every one of them is kept
   * here: {@code upToEventId} must be a kept event (an open-ended read goes to the store, which may
   * hold a commit whose events are not added yet). Null when the store must be read.
   */
  public List<HistoryEvent> events(
      long runPk, long afterEventId, long upToEventId, boolean reverse, int limit) {
    Run r = runs.get(runPk);
    if (r == null) return null;
    List<HistoryEvent> out = new ArrayList<>();
    synchronized (r) {
      int n = r.events.size();
      if (upToEventId > n || upToEventId < 1) return null; // kept events are 1..n, in order
      if (reverse) {
        long from = Math.min(upToEventId, afterEventId - 1);
        for (long id = from; id >= 1 && out.size() < limit; id--) out.add(event(r, id));
      } else {
        for (long id = Math.max(afterEventId + 1, 1); id <= upToEventId && out.size() < limit; id++)
          out.add(event(r, id));
      }
    }
    return out;
  }

  private static HistoryEvent event(Run r, long eventId) {
    Kept k = r.events.get((int) (eventId - 1));
    return new HistoryEvent(
        k.eventId(),
        Instant.ofEpochMilli(k.timestamp()),
        k.type(),
        new StoredAttributes(k.attributes()));
  }

  /** Characters kept, for tests. */
  long bytes() {
    return bytes.get();
  }
}
