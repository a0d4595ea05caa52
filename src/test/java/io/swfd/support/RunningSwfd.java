package io.swfd.support;

import io.swfd.server.ServerConfig;
import io.swfd.server.SwfdServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * A real swfd started in-process on a free port with its own data directory, and SDK v2 clients
 * that talk to it over HTTP with real SigV4 signatures.
 *
 * <p>{@code -Dswfd.test.cluster=N} (with {@code -Dswfd.test.store=postgresql}) makes it a cluster
 * of N nodes on one fresh database, started in this JVM on the same clock: {@link #server()} is the
 * first node, and the clients spread their calls over all of them in turn, so every behaviour test
 * also runs against a cluster (runs, task tokens and task lists owned by whichever node the leases
 * say). It starts once the shards are shared out.
 */
public final class RunningSwfd implements AutoCloseable {
  public static final String CLUSTER_PROPERTY = "swfd.test.cluster";

  private final Path dataDir;
  private final ServerConfig config;
  private final InstantSource clock;
  private SwfdServer server;
  private int stoppedPort = -1;

  /** The other nodes of a cluster ({@link #CLUSTER_PROPERTY}), and their ports. */
  private final List<SwfdServer> others = new ArrayList<>();

  private final List<Integer> otherPorts = new ArrayList<>();
  private final AtomicInteger nextNode = new AtomicInteger();

  public RunningSwfd() {
    this(ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(2)), InstantSource.system());
  }

  public RunningSwfd(ServerConfig base, InstantSource clock) {
    try {
      this.dataDir = Files.createTempDirectory("swfd-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.config = TestPostgres.storeFor(base).withPort(0).withDataDir(dataDir);
    this.clock = clock;
    start();
  }

  private void start() {
    try {
      server = new SwfdServer(config.withPort(server == null ? 0 : server.port()), clock).start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    startOthers();
  }

  /** The number of nodes: 1 unless {@link #CLUSTER_PROPERTY} asks for a cluster on PostgreSQL. */
  static int nodeCount(ServerConfig config) {
    if (config.store() == null || !config.postgres()) return 1;
    return Math.max(1, Integer.getInteger(CLUSTER_PROPERTY, 1));
  }

  /**
   * Starts the other nodes of a cluster (on their old ports after a restart) and waits for them.
   */
  private void startOthers() {
    int n = nodeCount(config);
    if (n == 1) return;
    others.clear();
    for (int i = 1; i < n; i++) {
      int port = otherPorts.size() >= i ? otherPorts.get(i - 1) : 0;
      try {
        others.add(new SwfdServer(config.withPort(port), clock).start());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    otherPorts.clear();
    for (SwfdServer o : others) otherPorts.add(o.port());
    ClusterNodes.awaitShared(nodes());
  }

  private void closeOthers() {
    for (SwfdServer o : others) o.close();
    others.clear();
  }

  /** Every node's endpoint (one unless this is a cluster). */
  public List<URI> nodes() {
    List<URI> all = new ArrayList<>();
    all.add(URI.create(server.endpoint()));
    for (SwfdServer o : others) all.add(URI.create(o.endpoint()));
    return all;
  }

  /** Stops and starts the server on the same data directory and port. */
  public void restart() {
    int port = server.port();
    closeOthers();
    server.close();
    try {
      server = new SwfdServer(config.withPort(port), clock).start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    startOthers();
  }

  /**
   * Stops the server, keeping its data directory and port, until {@link #startAgain()}: time can
   * pass on a test clock meanwhile (deadlines that pass while it is down fire when it is back).
   */
  public void stop() {
    stoppedPort = server.port();
    closeOthers();
    server.close();
  }

  /** Starts the server stopped by {@link #stop()} again on the same data directory and port. */
  public void startAgain() {
    if (stoppedPort < 0) throw new IllegalStateException("not stopped");
    try {
      server = new SwfdServer(config.withPort(stoppedPort), clock).start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    stoppedPort = -1;
    startOthers();
  }

  public SwfdServer server() {
    return server;
  }

  public URI endpoint() {
    return URI.create(server.endpoint());
  }

  public Path dataDir() {
    return dataDir;
  }

  public SwfClient client() {
    return client(Region.US_EAST_1);
  }

  public SwfClient client(Region region) {
    return SwfClient.builder()
        .endpointOverride(endpoint())
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSWFDTEST", "secret")))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
        .overrideConfiguration(
            o -> {
              o.retryStrategy(RetryMode.STANDARD).apiCallAttemptTimeout(Duration.ofSeconds(75));
              if (!others.isEmpty()) o.addExecutionInterceptor(spread());
            })
        .build();
  }

  /**
   * Sends each call to the next node in turn (before it is signed: the signature covers the host it
   * goes to). Nodes started again after {@link #restart()} keep their ports.
   */
  private ExecutionInterceptor spread() {
    return new ExecutionInterceptor() {
      @Override
      public SdkHttpRequest modifyHttpRequest(
          Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        List<URI> all = nodes();
        URI to = all.get(Math.floorMod(nextNode.getAndIncrement(), all.size()));
        return context.httpRequest().toBuilder().host(to.getHost()).port(to.getPort()).build();
      }
    };
  }

  @Override
  public void close() {
    if (stoppedPort < 0) { // a server left stopped is closed already
      closeOthers();
      server.close();
    }
  }
}
