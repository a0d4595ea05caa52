package io.swfd.matching;

/**
 * Turns a pending task into a started one for a poller (appends the Started event and commits).
 * Returns null when the task is no longer startable (canceled, timed out, run closed): the poller
 * then takes the next one.
 */
@FunctionalInterface
public interface TaskStarter<R> {
  R start(PendingTask task, String identity);
}
