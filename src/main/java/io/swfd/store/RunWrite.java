package io.swfd.store;

import io.swfd.run.HistoryEvent;
import io.swfd.run.ItemRef;
import io.swfd.run.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one unit of work changes in one run: the run's info (stored only if the stored version is
 * still {@code expectedVersion}), the pending items it opened, changed or closed ({@code items}:
 * each one's row is written as {@code state} now has it, or deleted when {@code state} no longer
 * has it), the events to append, and the deadlines to arm or disarm. {@code closed}: the run closed
 * in this unit of work, so its deadlines, activity tasks, timers and Lambda tasks all go (its
 * children and undelivered signals stay until settled). A new run gets its {@code runPk} assigned
 * by the store, and all its items written.
 */
public record RunWrite(
    RunState state,
    boolean isNew,
    long expectedVersion,
    List<HistoryEvent> events,
    Map<String, Instant> timersPut,
    Set<String> timersDelete,
    boolean closed,
    Set<ItemRef> items) {
  public RunWrite(
      RunState state,
      boolean isNew,
      long expectedVersion,
      List<HistoryEvent> events,
      Map<String, Instant> timersPut,
      Set<String> timersDelete,
      boolean closed) {
    this(state, isNew, expectedVersion, events, timersPut, timersDelete, closed, Set.of());
  }
}
