package io.swfd.matching;

/**
 * The caller's connection as a long poll sees it: a task must never be handed to a poller whose
 * client has already gone away, or the task would be lost until it timed out.
 */
public interface ClientConnection {
  ClientConnection DETACHED =
      new ClientConnection() {
        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void onClose(Runnable action) {}
      };

  boolean isOpen();

  /** Runs {@code action} once if the client goes away before the answer is sent. */
  void onClose(Runnable action);
}
