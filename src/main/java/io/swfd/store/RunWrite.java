package io.swfd.store;

import io.swfd.engine.state.HistoryEvent;
import io.swfd.engine.state.RunState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one unit of work changes in one run: the new state (stored only if the stored version is
 * still {@code expectedVersion}), the events to append, and the deadlines to arm or disarm.
 * A new run gets its {@code runPk} assigned by the store.
 */
public record RunWrite(RunState state, boolean isNew, long expectedVersion, List<HistoryEvent> events,
                       Map<String, Instant> timersPut, Set<String> timersDelete, boolean deleteAllTimers) {
}
