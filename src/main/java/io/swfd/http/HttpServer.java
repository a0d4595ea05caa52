package io.swfd.http;

import io.swfd.api.SwfApi;
import io.swfd.auth.SigV4Verifier;
import io.swfd.auth.TlsConfig;
import io.swfd.metrics.SwfdMetrics;
import io.swfd.timers.TimeControl;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty, set up for long polls: the idle timeout is longer than the longest poll hold. */
public final class HttpServer {
  private static final long IDLE_TIMEOUT_MS = 70_000;

  private final Server server;
  private final ServerConnector connector;
  private final Handler.Sequence handlers;
  private final SwfHttpHandler swfHandler;

  /** Accepts calls forwarded by the other nodes of a cluster that present {@code secret}. */
  public void clusterChannel(String secret) {
    swfHandler.clusterChannel(secret);
  }

  public HttpServer(String host, int port, SwfApi api, String account, BooleanSupplier healthy) {
    this(host, port, api, account, healthy, new SwfdMetrics(), null);
  }

  /**
   * @param time the virtual clock's controls, or null when the server runs on real time
   */
  public HttpServer(
      String host,
      int port,
      SwfApi api,
      String account,
      BooleanSupplier healthy,
      SwfdMetrics metrics,
      TimeControl time) {
    this(host, port, api, account, healthy, metrics, time, null, TlsConfig.NONE);
  }

  /**
   * @param verifier checks SigV4 signatures (null: requests need none)
   * @param tls HTTPS certificate and key ({@link TlsConfig#NONE}: plain HTTP)
   */
  public HttpServer(
      String host,
      int port,
      SwfApi api,
      String account,
      BooleanSupplier healthy,
      SwfdMetrics metrics,
      TimeControl time,
      SigV4Verifier verifier,
      TlsConfig tls) {
    swfHandler = new SwfHttpHandler(api, account, healthy, verifier);
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("swfd-http");
    server = new Server(pool);
    if (tls != null && tls.enabled()) {
      TlsConfig.Loaded keys = tls.load();
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keys.keyStore());
      ssl.setKeyStorePassword(new String(keys.password()));
      // One certificate serves every name the server is reached by: a client that connects by IP
      // or by another name (and was told not to verify) is answered, not refused with Jetty's
      // "400 Invalid SNI" (a check for servers that pick among several certificates).
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      HttpConfiguration https = httpConfiguration();
      https.addCustomizer(secure);
      connector =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
              new HttpConnectionFactory(https));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration()));
    }
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    // fleets of pollers connect in bursts: a short listen queue overflows and refuses them
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    Handler.Sequence handlers = new Handler.Sequence(new MetricsHandler(metrics), swfHandler);
    if (time != null) handlers.addHandler(new AdminHandler(time));
    handlers.addHandler(new ConsoleHandler());
    this.handlers = handlers;
    server.setHandler(handlers);
    // errors Jetty answers itself (no handler, a handler's failure, an unparsable request): JSON
    server.setErrorHandler(new JsonErrorHandler());
    // the server drains its own requests before stopping (SwfdServer.close); Jetty's graceful stop
    // would also wait for clients' idle keep-alive connections, which can take seconds
    server.setStopTimeout(0);
  }

  /**
   * Jetty's defaults, without its per-connection cache of header fields: it reuses a header line
   * (name and value) a connection sent before, and matching each line against it, byte by byte
   * through a trie, cost SWF's requests more than it saved (each carries a new Authorization and
   * X-Amz-Date, and few other headers).
   */
  private static HttpConfiguration httpConfiguration() {
    HttpConfiguration config = new HttpConfiguration();
    config.setHeaderCacheSize(0);
    return config;
  }

  /** Adds a handler after the built-in ones (before {@link #start()}): e.g. moto's reset API. */
  public HttpServer addHandler(Handler handler) {
    handlers.addHandler(handler);
    return this;
  }

  /**
   * Puts a handler before the built-in ones (before {@link #start()}): the {@link InfoHandler}
   * answers {@code /} and {@code /health}.
   */
  public HttpServer addFirst(Handler handler) {
    java.util.List<Handler> all = new java.util.ArrayList<>(handlers.getHandlers());
    all.add(0, handler);
    handlers.setHandlers(all);
    return this;
  }

  public void start() throws Exception {
    server.start();
  }

  public int port() {
    return connector.getLocalPort();
  }

  public void stop() throws Exception {
    server.stop();
  }
}
