package io.swfd.matching;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * One task list: the backlog of scheduled tasks (higher priority first, then older first) and the
 * pollers parked on it. A task and a poller meet here exactly once: whoever takes one out of its
 * queue under the lock owns it.
 *
 * <p>The backlog holds each task (run, scheduled event) at most once: {@code live} is the truth,
 * the priority queue its order; a withdrawn task leaves {@code live} at once (O(1)) and its entry
 * in the queue is skipped when it comes up (or dropped when the queue is compacted). On a shared
 * store every node hears of every task, and of every start and withdrawal elsewhere.
 */
final class TaskListQueue {
  private record Id(long runPk, long scheduledEventId) {
    static Id of(PendingTask t) {
      return new Id(t.runPk(), t.scheduledEventId());
    }
  }

  private final PriorityQueue<PendingTask> backlog =
      new PriorityQueue<>(
          (a, b) ->
              a.priority() != b.priority()
                  ? Integer.compare(b.priority(), a.priority())
                  : Long.compare(a.sequence(), b.sequence()));
  private final Map<Id, PendingTask> live = new HashMap<>();
  private final Deque<Poll<?>> parked = new ArrayDeque<>();

  /** A poller to hand the task to, or null after the task joined the backlog. */
  synchronized Poll<?> offer(PendingTask task) {
    if (live.containsKey(Id.of(task))) return null; // already waiting here
    while (!parked.isEmpty()) {
      Poll<?> p = parked.pollFirst();
      if (p.connection.isOpen() && !p.result.isDone()) return p;
      p.result.complete(null);
    }
    add(task);
    return null;
  }

  synchronized void requeue(PendingTask task) {
    if (!live.containsKey(Id.of(task))) add(task);
  }

  private void add(PendingTask task) {
    live.put(Id.of(task), task);
    backlog.add(task);
  }

  /** The next task for this poller, or null after the poller was parked. */
  @SuppressWarnings("ReferenceEquality") // the very task queued, not an equal one queued again
  synchronized PendingTask take(Poll<?> poll, boolean park) {
    PendingTask t;
    while ((t = backlog.poll()) != null) {
      Id id = Id.of(t);
      if (live.get(id) == t) {
        live.remove(id);
        return t;
      }
      // withdrawn meanwhile: skip
    }
    if (park) parked.addLast(poll);
    return null;
  }

  synchronized void remove(long runPk, long scheduledEventId) {
    if (live.remove(new Id(runPk, scheduledEventId)) != null) compactIfSparse();
  }

  /** Withdraws every waiting task that {@code which} matches. */
  synchronized void removeIf(Predicate<PendingTask> which) {
    if (live.values().removeIf(which)) compactIfSparse();
  }

  /** Drops withdrawn entries from the queue once they outnumber the live ones. */
  private void compactIfSparse() {
    if (backlog.size() > 2 * live.size() + 64) {
      backlog.clear();
      backlog.addAll(live.values());
    }
  }

  synchronized boolean unpark(Poll<?> poll) {
    return parked.remove(poll);
  }

  /** Answers every parked poll with an empty task (the server is stopping). */
  synchronized void releaseAll() {
    parked.forEach(p -> p.result.complete(null));
    parked.clear();
  }

  /** Drops parked polls whose clients have gone away. */
  synchronized void sweep() {
    parked.removeIf(
        p -> {
          if (p.connection.isOpen() && !p.result.isDone()) return false;
          p.result.complete(null);
          return true;
        });
  }

  synchronized int backlogSize() {
    return live.size();
  }

  synchronized int parkedCount() {
    return parked.size();
  }
}
