package io.swfd.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a swfd server is started with. The CLI fills it from flags, environment variables
 * and a YAML file; tests build it directly.
 *
 * @param host        address to listen on (loopback by default)
 * @param port        TCP port; 0 takes a free one
 * @param dataDir     where the embedded SQLite store lives
 * @param account     the AWS account id shown in ARNs
 * @param pollTimeout how long an idle long poll is held before an empty answer (at most 60 s)
 * @param timeControl run on a virtual clock that tests can move (see README)
 * @param lambda      where Lambda tasks are invoked ({@link LambdaConfig#NONE}: nowhere)
 */
public record ServerConfig(String host, int port, Path dataDir, String account, Duration pollTimeout,
                           boolean timeControl, LambdaConfig lambda) {
    public static final int DEFAULT_PORT = 7777;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(55);
    public static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(60);

    public ServerConfig(String host, int port, Path dataDir, String account, Duration pollTimeout, boolean timeControl) {
        this(host, port, dataDir, account, pollTimeout, timeControl, LambdaConfig.NONE);
    }

    public ServerConfig {
        if (pollTimeout.compareTo(MAX_POLL_TIMEOUT) > 0) {
            throw new IllegalArgumentException("poll timeout must be at most " + MAX_POLL_TIMEOUT.toSeconds() + " s");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Path.of("swfd-data"), DEFAULT_ACCOUNT, DEFAULT_POLL_TIMEOUT, false);
    }

    public ServerConfig withPort(int p) { return new ServerConfig(host, p, dataDir, account, pollTimeout, timeControl, lambda); }

    public ServerConfig withHost(String h) { return new ServerConfig(h, port, dataDir, account, pollTimeout, timeControl, lambda); }

    public ServerConfig withDataDir(Path d) { return new ServerConfig(host, port, d, account, pollTimeout, timeControl, lambda); }

    public ServerConfig withAccount(String a) { return new ServerConfig(host, port, dataDir, a, pollTimeout, timeControl, lambda); }

    public ServerConfig withPollTimeout(Duration t) { return new ServerConfig(host, port, dataDir, account, t, timeControl, lambda); }

    public ServerConfig withLambda(LambdaConfig l) {
        return new ServerConfig(host, port, dataDir, account, pollTimeout, timeControl, l);
    }

    public ServerConfig withTimeControl(boolean on) { return new ServerConfig(host, port, dataDir, account, pollTimeout, on, lambda); }
}
