package io.swfd.http;

import io.swfd.matching.ClientConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Tells a parked poll whether its client is still there. While a request is being handled Jetty
 * does not read the connection, so a client that hung up goes unnoticed; {@link #isOpen()}
 * therefore probes the socket with a non-blocking read: end-of-stream means the client is gone. It
 * is only called while the poll is parked (no response started, and SDK clients do not pipeline
 * requests), so the probe never competes with Jetty's own reading.
 */
final class JettyClientConnection implements ClientConnection {
  private final EndPoint endPoint;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  JettyClientConnection(Request request) {
    this.endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    request.addFailureListener(t -> fireClosed());
  }

  private void fireClosed() {
    if (closed.compareAndSet(false, true)) listeners.forEach(Runnable::run);
  }

  @Override
  public synchronized boolean isOpen() {
    if (closed.get()) return false;
    if (!endPoint.isOpen()) return false;
    try {
      ByteBuffer probe = BufferUtil.allocate(1);
      if (endPoint.fill(probe) < 0) {
        closed.set(true);
        return false;
      }
      return true;
    } catch (IOException e) {
      closed.set(true);
      return false;
    }
  }

  @Override
  public void onClose(Runnable action) {
    listeners.add(action);
    if (closed.get()) action.run();
  }
}
