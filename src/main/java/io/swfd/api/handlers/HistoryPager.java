package io.swfd.api.handlers;

import io.swfd.run.HistoryEvent;
import io.swfd.store.RunStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages through a run's history for GetWorkflowExecutionHistory and PollForDecisionTask: events
 * from {@code minEventId} to {@code upToEventId}, ascending or newest first, continuing after the
 * last event of the previous page.
 */
final class HistoryPager {
  record Page(List<HistoryEvent> events, Long lastEventId) {
    boolean hasMore() {
      return lastEventId != null;
    }
  }

  private HistoryPager() {}

  /**
   * @param after the last event id of the previous page, or null for the first page
   */
  static Page page(
      RunStore store,
      long runPk,
      Long after,
      long minEventId,
      long upToEventId,
      boolean reverse,
      int size) {
    List<HistoryEvent> got;
    if (reverse) {
      long below =
          after != null
              ? after
              : (upToEventId == Long.MAX_VALUE ? Long.MAX_VALUE : upToEventId + 1);
      got = new ArrayList<>(store.events(runPk, below, upToEventId, true, size + 1));
      got.removeIf(e -> e.eventId() < minEventId);
    } else {
      long start = after != null ? after : minEventId - 1;
      got = store.events(runPk, start, upToEventId, false, size + 1);
    }
    if (got.size() <= size) return new Page(got, null);
    List<HistoryEvent> page = got.subList(0, size);
    return new Page(page, page.get(size - 1).eventId());
  }
}
