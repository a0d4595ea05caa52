package io.swfd.server;

import io.swfd.auth.AuthConfig;
import io.swfd.lambda.LambdaConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a swfd server is started with. The CLI fills it from flags, environment variables and
 * a YAML file; tests build it directly.
 *
 * @param host address to listen on (loopback by default)
 * @param port TCP port; 0 takes a free one
 * @param dataDir where the embedded SQLite store lives
 * @param account the AWS account id shown in ARNs
 * @param pollTimeout how long an idle long poll is held before an empty answer (at most 60 s)
 * @param timeControl run on a virtual clock that tests can move (see README)
 * @param lambda where Lambda tasks are invoked ({@link LambdaConfig#NONE}: nowhere)
 * @param motoCompat moto-compatible test mode: {@code POST /moto-api/reset} clears all state (see
 *     README)
 * @param store where runs are stored: null or {@code sqlite} for the embedded SQLite file in {@code
 *     dataDir}, or {@code postgresql://user:password@host:port/database} for a PostgreSQL database
 *     that several nodes may share
 * @param auth credentials and policies, protected mode, throttling, TLS ({@link AuthConfig#NONE}:
 *     no signatures needed, loopback only, no throttling, plain HTTP)
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String account,
    Duration pollTimeout,
    boolean timeControl,
    LambdaConfig lambda,
    boolean motoCompat,
    String store,
    AuthConfig auth) {
  public static final int DEFAULT_PORT = 7777;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_ACCOUNT = "123456789012";
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(55);
  public static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(60);

  public ServerConfig(
      String host,
      int port,
      Path dataDir,
      String account,
      Duration pollTimeout,
      boolean timeControl) {
    this(host, port, dataDir, account, pollTimeout, timeControl, LambdaConfig.NONE);
  }

  public ServerConfig(
      String host,
      int port,
      Path dataDir,
      String account,
      Duration pollTimeout,
      boolean timeControl,
      LambdaConfig lambda) {
    this(host, port, dataDir, account, pollTimeout, timeControl, lambda, false);
  }

  public ServerConfig(
      String host,
      int port,
      Path dataDir,
      String account,
      Duration pollTimeout,
      boolean timeControl,
      LambdaConfig lambda,
      boolean motoCompat) {
    this(host, port, dataDir, account, pollTimeout, timeControl, lambda, motoCompat, null);
  }

  public ServerConfig(
      String host,
      int port,
      Path dataDir,
      String account,
      Duration pollTimeout,
      boolean timeControl,
      LambdaConfig lambda,
      boolean motoCompat,
      String store) {
    this(
        host,
        port,
        dataDir,
        account,
        pollTimeout,
        timeControl,
        lambda,
        motoCompat,
        store,
        AuthConfig.NONE);
  }

  /** True when the store is a PostgreSQL database (possibly shared with other nodes). */
  public boolean postgres() {
    return io.swfd.store.postgres.PostgresUrl.isPostgres(store);
  }

  public ServerConfig {
    if (auth == null) auth = AuthConfig.NONE;
    if (pollTimeout.compareTo(MAX_POLL_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "poll timeout must be at most " + MAX_POLL_TIMEOUT.toSeconds() + " s");
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        Path.of("swfd-data"),
        DEFAULT_ACCOUNT,
        DEFAULT_POLL_TIMEOUT,
        false);
  }

  public ServerConfig withPort(int p) {
    return new ServerConfig(
        host, p, dataDir, account, pollTimeout, timeControl, lambda, motoCompat, store, auth);
  }

  public ServerConfig withHost(String h) {
    return new ServerConfig(
        h, port, dataDir, account, pollTimeout, timeControl, lambda, motoCompat, store, auth);
  }

  public ServerConfig withDataDir(Path d) {
    return new ServerConfig(
        host, port, d, account, pollTimeout, timeControl, lambda, motoCompat, store, auth);
  }

  public ServerConfig withAccount(String a) {
    return new ServerConfig(
        host, port, dataDir, a, pollTimeout, timeControl, lambda, motoCompat, store, auth);
  }

  public ServerConfig withPollTimeout(Duration t) {
    return new ServerConfig(
        host, port, dataDir, account, t, timeControl, lambda, motoCompat, store, auth);
  }

  public ServerConfig withLambda(LambdaConfig l) {
    return new ServerConfig(
        host, port, dataDir, account, pollTimeout, timeControl, l, motoCompat, store, auth);
  }

  public ServerConfig withTimeControl(boolean on) {
    return new ServerConfig(
        host, port, dataDir, account, pollTimeout, on, lambda, motoCompat, store, auth);
  }

  public ServerConfig withMotoCompat(boolean on) {
    return new ServerConfig(
        host, port, dataDir, account, pollTimeout, timeControl, lambda, on, store, auth);
  }

  /** {@code store} as described above (null: the embedded SQLite store). */
  public ServerConfig withStore(String s) {
    return new ServerConfig(
        host, port, dataDir, account, pollTimeout, timeControl, lambda, motoCompat, s, auth);
  }

  /** Credentials and policies, protected mode, throttling and TLS (README: Access control). */
  public ServerConfig withAuth(AuthConfig a) {
    return new ServerConfig(
        host, port, dataDir, account, pollTimeout, timeControl, lambda, motoCompat, store, a);
  }
}
