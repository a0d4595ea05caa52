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
  Double warmupSeconds; // overrides every scenario's default

  /**
   * How long a scenario's load runs before it is measured. A fresh JVM runs the server's code
   * interpreted at first; on two busy cores the JIT compiler needs about half a minute of the
   * workflows load (ten seconds of heartbeats) before the figures stop rising.
   */
  double warmupSeconds(String scenario) {
    if (warmupSeconds != null) return warmupSeconds;
    if (quick) return 0;
    return scenario.equals("workflows") ? 30 : 10;
  }

  long warmupNanos(String scenario) {
    return (long) (warmupSeconds(scenario) * 1e9);
  }

  /** ", after an N s warm-up" for a scenario's description (empty without one). */
  String warmupNote(String scenario) {
    double w = warmupSeconds(scenario);
    return w > 0 ? String.format(", after a %.0f s warm-up", w) : "";
  }

  /** How long a scenario's measured phase lasts. */
  long durationNanos(String scenario) {
    double s;
    if (durationSeconds != null) s = durationSeconds;
    else if (quick) s = scenario.equals("workflows") ? 4 : 3;
    else
      s =
          switch (scenario) {
            case "workflows" -> 60;
            case "timeouts" -> 20;
            default -> 30;
          };
    return (long) (s * 1e9);
  }
}
