package io.swfd.run;

/**
 * A write made from a copy of a run that is no longer current: the stored version moved on since
 * the copy was read, and nothing of the write was stored.
 */
public class StaleRunException extends RuntimeException {
  public StaleRunException(long runPk) {
    super("run " + runPk + " changed since it was read", null, false, false);
  }
}
