package io.swfd.bench;

/**
 * One benchmark scenario; it runs against one target at a time. Register a new one in {@link
 * Scenarios}.
 */
interface Scenario {
  String name();

  /** One line saying what is measured, with the settings in force. */
  String describe(BenchContext ctx);

  ScenarioResult run(BenchContext ctx) throws Exception;

  /**
   * Whether its operations are the whole load of the measured phase, so that the CPU time per
   * operation can be derived from the CPU shares (not so with a background load, or idle polls).
   */
  default boolean operationsAreTheWholeLoad() {
    return false;
  }

  /**
   * The HTTP client it drives the target with, given the one {@code --http-client} chose (a
   * scenario needing asynchronous calls insists on {@link SwfHttpClient.Transport#JDK}).
   */
  default SwfHttpClient.Transport transport(SwfHttpClient.Transport chosen) {
    return chosen;
  }
}
