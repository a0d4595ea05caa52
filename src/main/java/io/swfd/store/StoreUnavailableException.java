package io.swfd.store;

/**
 * The store cannot be reached now: no connection could be had (the database is down, restarting or
 * failing over to a standby, or no host accepts writes), or the connection broke under a statement.
 * Nothing about the store is wrong; the request may be repeated, so clients see SWF's retryable
 * {@code ServiceUnavailable} (HTTP 503) rather than an {@code InternalFailure}. As with any lost
 * answer, a commit cut off by a broken connection may have gone through.
 */
public class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
