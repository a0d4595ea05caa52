package io.swfd.matching;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;

/**
 * One task list: the backlog of scheduled tasks (higher priority first, then older first) and the
 * pollers parked on it. A task and a poller meet here exactly once: whoever takes one out of its
 * queue under the lock owns it.
 */
final class TaskListQueue {
    private final PriorityQueue<PendingTask> backlog = new PriorityQueue<>((a, b) -> a.priority() != b.priority()
            ? Integer.compare(b.priority(), a.priority()) : Long.compare(a.sequence(), b.sequence()));
    private final Deque<Poll<?>> parked = new ArrayDeque<>();

    /** A poller to hand the task to, or null after the task joined the backlog. */
    synchronized Poll<?> offer(PendingTask task) {
        while (!parked.isEmpty()) {
            Poll<?> p = parked.pollFirst();
            if (p.connection.isOpen() && !p.result.isDone()) return p;
            p.result.complete(null);
        }
        backlog.add(task);
        return null;
    }

    synchronized void requeue(PendingTask task) {
        backlog.add(task);
    }

    /** The next task for this poller, or null after the poller was parked. */
    synchronized PendingTask take(Poll<?> poll, boolean park) {
        PendingTask t = backlog.poll();
        if (t == null && park) parked.addLast(poll);
        return t;
    }

    synchronized void remove(long runPk, long scheduledEventId) {
        backlog.removeIf(t -> t.runPk() == runPk && t.scheduledEventId() == scheduledEventId);
    }

    synchronized boolean unpark(Poll<?> poll) {
        return parked.remove(poll);
    }

    /** Drops parked polls whose clients have gone away. */
    synchronized void sweep() {
        parked.removeIf(p -> {
            if (p.connection.isOpen() && !p.result.isDone()) return false;
            p.result.complete(null);
            return true;
        });
    }

    synchronized int backlogSize() {
        return backlog.size();
    }

    synchronized int parkedCount() {
        return parked.size();
    }
}
