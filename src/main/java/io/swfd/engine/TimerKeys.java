package io.swfd.engine;

/**
 * Names of a run's durable deadlines. Each names what it guards, so that when it comes due the
 * engine can check the run's state and fire, re-arm (heartbeats) or drop a stale one.
 */
public final class TimerKeys {
    public static final String WORKFLOW_TIMEOUT = "W";

    private TimerKeys() {
    }

    public enum Activity { S2S, S2C, STC, HB }

    public enum Decision { S2S, STC }

    public static String activity(long scheduledEventId, Activity kind) {
        return "A" + scheduledEventId + "." + kind;
    }

    public static String decision(long scheduledEventId, Decision kind) {
        return "D" + scheduledEventId + "." + kind;
    }

    /** A user timer, by the id of its TimerStarted event (timer ids may be reused after they close). */
    public static String userTimer(long startedEventId) {
        return "T" + startedEventId;
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
