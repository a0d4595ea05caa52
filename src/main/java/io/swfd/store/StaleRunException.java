package io.swfd.store;

public class StaleRunException extends StoreException {
  public StaleRunException(long runPk) {
    super("run " + runPk + " changed since it was read");
  }
}
