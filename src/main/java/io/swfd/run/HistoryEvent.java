package io.swfd.run;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a run's history. The attributes are the members of the event's {@code
 * <type>EventAttributes} shape as plain values (String, Long, Boolean, Map, List), in the order SWF
 * documents them; absent members are absent.
 */
public record HistoryEvent(
    long eventId, Instant timestamp, EventType type, Map<String, Object> attributes) {
  public String string(String name) {
    Object v = attributes.get(name);
    return v == null ? null : v.toString();
  }

  public long number(String name) {
    Object v = attributes.get(name);
    return v == null ? 0L : ((Number) v).longValue();
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> struct(String name) {
    return (Map<String, Object>) attributes.get(name);
  }

  /** {@code taskList.name}-style nested string. */
  public String nestedString(String name, String inner) {
    Map<String, Object> s = struct(name);
    return s == null || s.get(inner) == null ? null : s.get(inner).toString();
  }
}
