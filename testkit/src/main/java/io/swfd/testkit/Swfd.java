package io.swfd.testkit;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflow;
import com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflowClientBuilder;
import io.swfd.server.ServerConfig;
import io.swfd.server.SwfdServer;
import io.swfd.timers.ManualClock;
import io.swfd.timers.TimeControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * An in-process swfd for tests: a real server on a free loopback port, with a temporary store that
 * is deleted on {@link #close()}, running on a virtual clock that moves only when the test says so
 * ({@link #advance(Duration)}), or by itself with {@link #autoSkip(boolean) auto-skip}.
 *
 * <p>{@link SwfdTest @SwfdTest} manages one per test class; outside JUnit use {@code
 * Swfd.builder().start()} and close it when done.
 */
public final class Swfd implements AutoCloseable {
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * The access key the clients sign with (swfd accepts any unless it is configured with
   * credentials).
   */
  public static final String ACCESS_KEY = "swfd-testkit";

  public static final String SECRET_KEY = "swfd-testkit-secret";
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

  /** What a test server is started with. */
  public static final class Builder {
    private String region = DEFAULT_REGION;
    private Duration pollHold = Duration.ofSeconds(1);
    private Instant startAt;
    private boolean autoSkip;

    private Builder() {}

    /** The region the clients sign for (default us-east-1). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /** How long an idle poll is held before it answers empty (default 1 s; at most 60 s). */
    public Builder pollHold(Duration hold) {
      this.pollHold = Objects.requireNonNull(hold);
      return this;
    }

    /**
     * Where the virtual clock starts (default: the real time at start, in whole milliseconds like
     * event timestamps).
     */
    public Builder startAt(Instant start) {
      this.startAt = start;
      return this;
    }

    /** Start with auto-skip on (see {@link Swfd#autoSkip(boolean)}). */
    public Builder autoSkip(boolean on) {
      this.autoSkip = on;
      return this;
    }

    public Swfd start() {
      return new Swfd(this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A server with the default settings. */
  public static Swfd start() {
    return builder().start();
  }

  private final String region;
  private final Path dataDir;
  private final SwfdServer server;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private SwfClient client;
  private AmazonSimpleWorkflow clientV1;
  private boolean closed;

  private Swfd(Builder b) {
    this.region = b.region;
    try {
      this.dataDir = Files.createTempDirectory("swfd-testkit");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerConfig config =
        ServerConfig.defaults()
            .withPort(0)
            .withDataDir(dataDir)
            .withPollTimeout(b.pollHold)
            .withTimeControl(true);
    ManualClock clock =
        new ManualClock(
            b.startAt != null ? b.startAt : Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try {
      this.server = new SwfdServer(config, clock).start();
    } catch (Exception e) {
      deleteQuietly(dataDir);
      throw new IllegalStateException("swfd did not start: " + e.getMessage(), e);
    }
    if (b.autoSkip) autoSkip(true);
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:41234}: give it to your own clients. */
  public URI endpoint() {
    return URI.create(server.endpoint());
  }

  /** The region the clients sign for. */
  public String region() {
    return region;
  }

  /** An AWS SDK v2 client for this server (one per server, closed with it). */
  public synchronized SwfClient client() {
    if (client == null) client = newClient();
    return client;
  }

  /** An AWS SDK v1 client for this server (one per server, shut down with it). */
  public synchronized AmazonSimpleWorkflow clientV1() {
    if (clientV1 == null) {
      clientV1 = newClientV1();
    }
    return clientV1;
  }

  /** A new AWS SDK v2 client (closed with the server): e.g. one per worker thread. */
  public synchronized SwfClient newClient() {
    SwfClient c =
        SwfClient.builder()
            .endpointOverride(endpoint())
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            // a poll is held for up to pollHold (60 s at most): read timeouts must be longer
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
            .build();
    clients.add(c);
    return c;
  }

  /** A new AWS SDK v1 client (shut down with the server). */
  public synchronized AmazonSimpleWorkflow newClientV1() {
    // SDK v1 prints a long end-of-support notice with a stack trace on first use; tests do not need
    // it
    if (System.getProperty("aws.java.v1.disableDeprecationAnnouncement") == null) {
      System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
    }
    AmazonSimpleWorkflow c =
        AmazonSimpleWorkflowClientBuilder.standard()
            .withEndpointConfiguration(
                new AwsClientBuilder.EndpointConfiguration(endpoint().toString(), region))
            .withCredentials(
                new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
            .withClientConfiguration(
                new ClientConfiguration().withSocketTimeout(70_000).withMaxErrorRetry(0))
            .build();
    clients.add(c::shutdown);
    return c;
  }

  /** The virtual clock's current time (event timestamps are on this clock). */
  public Instant now() {
    return time().now();
  }

  /**
   * Moves the virtual clock forward and returns once everything that became due has happened:
   * timeouts and timers have fired and their events (and any new decision task) are committed.
   *
   * @return the new time
   */
  public Instant advance(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("the clock only moves forward");
    if (!time().advanceAndSettle(d, SETTLE_LIMIT)) {
      throw new IllegalStateException(
          "deadlines due after advancing " + d + " did not finish within " + SETTLE_LIMIT);
    }
    return now();
  }

  /**
   * Auto-skip: whenever the server is idle (no request being handled, no task waiting for a poller
   * and none being worked on) and a deadline lies ahead, the clock jumps straight to it.
   */
  public void autoSkip(boolean on) {
    time().autoSkip(on);
  }

  /**
   * Fresh state: every domain, type, execution, task and timer is dropped, as if the server had
   * just started on an empty store. Polls waiting on the server answer empty; the clock keeps its
   * time.
   */
  public void reset() {
    server.reset();
  }

  /** The server itself, for what this class does not cover. */
  public SwfdServer server() {
    return server;
  }

  private TimeControl time() {
    return server.timeControl();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing a client is best effort
      }
    }
    server.close();
    deleteQuietly(dataDir);
  }

  private static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
