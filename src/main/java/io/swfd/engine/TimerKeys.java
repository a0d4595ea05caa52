package io.swfd.engine;

/**
 * Names of a run's durable deadlines. Each names what it guards, so that when it comes due the
 * engine can check the run's state and fire, re-arm (heartbeats) or drop a stale one.
 */
public final class TimerKeys {
  public static final String WORKFLOW_TIMEOUT = "W";

  /** A closed child tells its parent how it closed. */
  public static final String NOTIFY_PARENT = "P";

  /** A closed run is removed once the domain's retention period has passed. */
  public static final String RETENTION = "R";

  private TimerKeys() {}

  public enum Activity {
    S2S,
    S2C,
    STC,
    HB
  }

  public enum Decision {
    S2S,
    STC
  }

  public static String activity(long scheduledEventId, Activity kind) {
    return "A" + scheduledEventId + "." + kind;
  }

  public static String decision(long scheduledEventId, Decision kind) {
    return "D" + scheduledEventId + "." + kind;
  }

  /**
   * A user timer, by the id of its TimerStarted event (timer ids may be reused after they close).
   */
  public static String userTimer(long startedEventId) {
    return "T" + startedEventId;
  }

  public enum Lambda {
    INVOKE,
    STC
  }

  /** Invoking a scheduled Lambda function, and its start-to-close deadline. */
  public static String lambda(long scheduledEventId, Lambda kind) {
    return "L" + scheduledEventId + "." + kind;
  }

  /** Starting the child initiated by this event (asynchronous, as on SWF). */
  public static String startChild(long initiatedEventId) {
    return "C" + initiatedEventId;
  }

  /** Delivering a signal or cancel request initiated by this event to another run. */
  public static String external(long initiatedEventId) {
    return "X" + initiatedEventId;
  }

  /**
   * Applying a terminated or timed-out parent's child policy to the child it initiated with this
   * event.
   */
  public static String childPolicy(long initiatedEventId, String policy) {
    return "K" + initiatedEventId + "." + policy;
  }

  /** Deadlines that still matter after their run closed. */
  static boolean survivesClose(String key) {
    char c = key.charAt(0);
    return c == 'P' || c == 'R' || c == 'K' || c == 'X';
  }

  public static long eventIdOf(String key) {
    int dot = key.indexOf('.');
    return Long.parseLong(key.substring(1, dot < 0 ? key.length() : dot));
  }

  public static String suffixOf(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? "" : key.substring(dot + 1);
  }
}
