package io.swfd.run;

/** The run asked for is not stored (never was, or retention removed it). */
public class RunNotFoundException extends RuntimeException {
  private final long runPk;

  public RunNotFoundException(long runPk) {
    super("run " + runPk + " not found", null, false, false);
    this.runPk = runPk;
  }

  public long runPk() {
    return runPk;
  }
}
