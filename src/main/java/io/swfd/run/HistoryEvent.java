package io.swfd.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One event of a run's history. The attributes are the members of the event's {@code
 * <type>EventAttributes} shape as plain values (String, Long, Boolean, Map, List), in the order SWF
 * documents them; absent members are absent.
 *
 * <p>Reads are checked against the shape ({@link EventType#defines}): asking for a member the
 * event's type does not have (a misspelled name, or the wrong event) throws {@link
 * IllegalArgumentException} instead of reading as absent. A member the type has but this event
 * lacks is null for {@link #string}, {@link #struct} and {@link #list}, empty for {@link
 * #optionalNumber}, and an error for {@link #number} (which is for ids every such event carries).
 */
public record HistoryEvent(
    long eventId, Instant timestamp, EventType type, Map<String, Object> attributes) {

  /** The member, or null when this event lacks it. */
  public String string(String name) {
    Object v = attributes.get(checked(name));
    return v == null ? null : v.toString();
  }

  /**
   * A number every event of the type carries (an event id, most often).
   *
   * @throws IllegalArgumentException when the type has no such member
   * @throws IllegalStateException when this event lacks it (use {@link #optionalNumber})
   */
  public long number(String name) {
    Object v = attributes.get(checked(name));
    if (v == null) throw new IllegalStateException(type + " event " + eventId + " has no " + name);
    return ((Number) v).longValue();
  }

  /** A number the event may lack (such as {@code parentInitiatedEventId}). */
  public OptionalLong optionalNumber(String name) {
    Object v = attributes.get(checked(name));
    return v == null ? OptionalLong.empty() : OptionalLong.of(((Number) v).longValue());
  }

  /** Whether this event has the member (one its type defines). */
  public boolean has(String name) {
    return attributes.get(checked(name)) != null;
  }

  /** A structure member ({@code workflowExecution}, {@code taskList}), or null. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> struct(String name) {
    return (Map<String, Object>) attributes.get(checked(name));
  }

  /** A list member ({@code tagList}), or null. */
  @SuppressWarnings("unchecked")
  public List<String> list(String name) {
    return (List<String>) attributes.get(checked(name));
  }

  /** {@code taskList.name}-style nested string. */
  public String nestedString(String name, String inner) {
    Map<String, Object> s = struct(name);
    return s == null || s.get(inner) == null ? null : s.get(inner).toString();
  }

  private String checked(String name) {
    if (!type.defines(name))
      throw new IllegalArgumentException(type + " events have no attribute " + name);
    return name;
  }

  /**
   * Checks that every attribute of an event being made is one its type defines (a misspelled name
   * would otherwise be stored and shown as it is).
   *
   * @throws IllegalArgumentException naming the first that is not
   */
  public static Map<String, Object> checkedAttributes(EventType type, Map<String, Object> a) {
    for (String name : a.keySet()) {
      if (!type.defines(name))
        throw new IllegalArgumentException(type + " events have no attribute " + name);
    }
    return a;
  }
}
