package io.swfd.store;

import io.swfd.run.HistoryEvent;
import io.swfd.run.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one unit of work changes in one run: the new state (stored only if the stored version is
 * still {@code expectedVersion}), the events to append, the deadlines to arm or disarm, and the
 * heartbeat rows of activity tasks that closed ({@code heartbeatsDelete}, by scheduledEventId; all
 * of the run's go with {@code deleteAllTimers}, when it closes). A new run gets its {@code runPk}
 * assigned by the store.
 */
public record RunWrite(
    RunState state,
    boolean isNew,
    long expectedVersion,
    List<HistoryEvent> events,
    Map<String, Instant> timersPut,
    Set<String> timersDelete,
    boolean deleteAllTimers,
    Set<Long> heartbeatsDelete) {
  public RunWrite(
      RunState state,
      boolean isNew,
      long expectedVersion,
      List<HistoryEvent> events,
      Map<String, Instant> timersPut,
      Set<String> timersDelete,
      boolean deleteAllTimers) {
    this(state, isNew, expectedVersion, events, timersPut, timersDelete, deleteAllTimers, Set.of());
  }
}
