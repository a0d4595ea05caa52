package io.swfd.store;

/** A store failure the caller cannot fix: surfaces as an InternalFailure (HTTP 500). */
public class StoreException extends RuntimeException {
  public StoreException(Throwable cause) {
    super(cause);
  }

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
