package io.swfd.run;

/**
 * One pending item of a run: its kind and its id ({@code timerId} for a timer, the id of the event
 * that opened it for every other kind). A unit of work names the items it changed; the store writes
 * each one's row as the run now has it, or deletes the row when the run no longer has the item.
 */
public record ItemRef(ItemKind kind, long eventId, String timerId) {
  public static ItemRef of(ItemKind kind, long eventId) {
    if (kind == ItemKind.TIMER) throw new IllegalArgumentException("a timer is named by its id");
    return new ItemRef(kind, eventId, null);
  }

  public static ItemRef timer(String timerId) {
    return new ItemRef(ItemKind.TIMER, 0, timerId);
  }

  /** The item as {@code s} has it now; null when the run no longer has it. */
  public Object in(RunState s) {
    return switch (kind) {
      case ACTIVITY -> s.activities.get(eventId);
      case TIMER -> s.timers.get(timerId);
      case CHILD -> s.children.get(eventId);
      case EXTERNAL -> s.externals.get(eventId);
      case LAMBDA -> s.lambdas.get(eventId);
    };
  }
}
