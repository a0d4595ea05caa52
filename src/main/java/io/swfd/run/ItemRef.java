package io.swfd.run;

/**
 * One pending item of a run: its kind and its id ({@code timerId} for a timer, the id of the event
 * that opened it for every other kind). A unit of work names the items it changed; its {@link
 * RunChange} upserts each one the run still has and deletes the row of each it no longer has.
 */
public record ItemRef(ItemKind kind, long eventId, String timerId) {
  public static ItemRef of(ItemKind kind, long eventId) {
    if (kind == ItemKind.TIMER) throw new IllegalArgumentException("a timer is named by its id");
    return new ItemRef(kind, eventId, null);
  }

  public static ItemRef timer(String timerId) {
    return new ItemRef(ItemKind.TIMER, 0, timerId);
  }
}
