package io.swfd.bench;

/** The benchmark's knobs, after {@code --quick} has been applied. */
final class Settings {
    int clients = 32;
    Integer durationSeconds; // overrides every scenario's default
    boolean quick;
    int tasks = 1000;
    Integer inFlight;
    double rate; // dispatch: workflows/s; 0 = half of the workflows scenario's result
    double timeoutRate = 50;
    int polls = 10_000;
    int pollLists = 10;
    double windowSeconds = 10;

    /** How long a scenario's measured phase lasts. */
    long durationNanos(String scenario) {
        double s;
        if (durationSeconds != null) s = durationSeconds;
        else if (quick) s = scenario.equals("workflows") ? 4 : 3;
        else s = switch (scenario) {
            case "workflows" -> 60;
            case "timeouts" -> 20;
            default -> 30;
        };
        return (long) (s * 1e9);
    }
}
