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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * A real swfd started in-process on a free port with its own data directory, and SDK v2 clients
 * that talk to it over HTTP with real SigV4 signatures.
 */
public final class RunningSwfd implements AutoCloseable {
  private final Path dataDir;
  private final ServerConfig config;
  private final InstantSource clock;
  private SwfdServer server;
  private int stoppedPort = -1;

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
  }

  /** Stops and starts the server on the same data directory and port. */
  public void restart() {
    int port = server.port();
    server.close();
    try {
      server = new SwfdServer(config.withPort(port), clock).start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops the server, keeping its data directory and port, until {@link #startAgain()}: time can
   * pass on a test clock meanwhile (deadlines that pass while it is down fire when it is back).
   */
  public void stop() {
    stoppedPort = server.port();
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
            o -> o.retryStrategy(RetryMode.STANDARD).apiCallAttemptTimeout(Duration.ofSeconds(75)))
        .build();
  }

  @Override
  public void close() {
    if (stoppedPort < 0) server.close(); // a server left stopped is closed already
  }
}
