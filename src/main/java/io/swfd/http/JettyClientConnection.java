package io.swfd.http;

import io.swfd.api.ClientConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Tells a parked poll whether its client is still there (Jetty reports a closed connection as a request failure). */
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
    public boolean isOpen() {
        return !closed.get() && endPoint.isOpen();
    }

    @Override
    public void onClose(Runnable action) {
        listeners.add(action);
        if (closed.get()) action.run();
    }
}
