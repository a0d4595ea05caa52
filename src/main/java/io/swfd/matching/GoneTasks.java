package io.swfd.matching;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Tasks recently started or withdrawn, remembered for a while so that a late copy of one cannot
 * come back into a backlog. On a shared store a node hears of a task from several sources (its own
 * commits, other nodes' notifications, its sweeps of the store) whose order it cannot know; a task
 * that has gone never comes back (scheduled event ids are not reused within a run, run keys never),
 * so any later offer of it is stale.
 */
final class GoneTasks {
  private record Id(long runPk, long scheduledEventId, long at) {}

  private final long ttlNanos;
  private final Set<Key> keys = new HashSet<>();
  private final Deque<Id> order = new ArrayDeque<>();

  private record Key(long runPk, long scheduledEventId) {}

  GoneTasks(java.time.Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  synchronized void add(long runPk, long scheduledEventId) {
    long now = System.nanoTime();
    expire(now);
    if (keys.add(new Key(runPk, scheduledEventId)))
      order.addLast(new Id(runPk, scheduledEventId, now));
  }

  synchronized boolean contains(long runPk, long scheduledEventId) {
    return keys.contains(new Key(runPk, scheduledEventId));
  }

  private void expire(long now) {
    while (!order.isEmpty() && now - order.peekFirst().at() > ttlNanos) {
      Id old = order.pollFirst();
      keys.remove(new Key(old.runPk(), old.scheduledEventId()));
    }
  }
}
