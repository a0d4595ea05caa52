package io.swfd.matching;

/**
 * A scheduled task waiting for a poller: which run and which scheduled event, on which task list,
 * with its priority (higher first) and a sequence number (older first within a priority).
 */
public record PendingTask(
    TaskListKey list, int priority, long sequence, long runPk, long scheduledEventId) {}
