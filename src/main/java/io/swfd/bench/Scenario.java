package io.swfd.bench;

/** One benchmark scenario; it runs against one target at a time. */
interface Scenario {
  String name();

  /** One line saying what is measured, with the settings in force. */
  String describe(BenchContext ctx);

  ScenarioResult run(BenchContext ctx) throws Exception;
}
