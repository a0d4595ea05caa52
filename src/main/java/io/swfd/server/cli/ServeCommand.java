package io.swfd.server.cli;

import io.swfd.auth.Credential;
import io.swfd.server.DataDirectory;
import io.swfd.server.LogSetup;
import io.swfd.server.ServerConfig;
import io.swfd.server.ServerDescription;
import io.swfd.server.SwfdServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swfd serve}: runs one server in the foreground until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    headerHeading = "",
    header = "Run the swfd server in the foreground.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    description = {
      "Starts an Amazon SWF-compatible endpoint (AWS JSON 1.0 over HTTP) backed by an embedded "
          + "SQLite database in the data directory, prints its URL, and runs until it receives "
          + "SIGTERM or Ctrl-C, then stops cleanly.",
      "",
      "Every setting can come from a flag, an environment variable or the --config file; the "
          + "first of these that is set wins (flag > environment > config file > default)."
    },
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
      "Config file (YAML), every key optional:",
      "  host: 127.0.0.1",
      "  port: 7777",
      "  dataDir: /var/lib/swfd        # relative paths are relative to this file",
      "  account: \"123456789012\"",
      "  pollTimeoutSeconds: 55",
      "  store: postgresql://swfd:secret@db.internal:5432/swfd   # default: sqlite",
      "  auth:                          # once a key is listed, every request must be signed",
      "    credentials:",
      "      - accessKeyId: AKIAWORKER0000000001",
      "        secretAccessKey: \"...\"",
      "        policy: { \"Version\": \"2012-10-17\", \"Statement\": [ ... ] }   # optional IAM policy",
      "  insecure: false                # true: allow a non-loopback host without credentials",
      "  throttling: off                # or aws, or {preset: aws, rates: {Api: {bucket: N, refillPerSecond: R}}}",
      "  tls: { certificate: cert.pem, privateKey: key.pem }   # or { keystore: swfd.p12, keystorePassword: ... }",
      "  ephemeral: false               # true: a temporary data directory, deleted at stop",
      "  domains:                       # registered at start when missing",
      "    - orders:7                   # NAME[:RETENTION_DAYS] (default 1 day), in us-east-1",
      "    - name: billing",
      "      retentionDays: 30",
      "      region: eu-west-1",
      "      workflowTypes: [ { name: Invoice, version: \"1\", defaultTaskList: billing } ]",
      "      activityTypes: [ { name: Charge, version: \"1\", defaultTaskList: billing-work } ]",
      "  logLevel: info                 # error, warn, info, debug, trace",
      "  logFormat: text                # or json",
      "  accessLog: false               # true: one log line per API call",
      "",
      "Examples:",
      "  swfd serve",
      "  swfd serve --port 0 --data-dir /tmp/swfd",
      "  swfd serve --ephemeral --time-control --domain orders:7 --domain billing",
      "  SWFD_PORT=8080 swfd serve --config swfd.yaml",
      "",
      "Clients: point any AWS SDK or the AWS CLI at the printed URL (--endpoint-url, "
          + "endpoint_url=, endpointOverride(...)); every region has its own domains.",
      "",
      "Exit status: 0 after a clean stop, 1 if the server could not start, 2 for invalid settings."
    })
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      order = 1,
      description = {
        "Address to listen on; 0.0.0.0 accepts connections from other machines too (see the "
            + "README's note on credentials before you do that).",
        "Default: " + ConfigResolver.DEFAULT_HOST + ". Env: " + ConfigResolver.ENV_HOST + "."
      })
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      order = 2,
      description = {
        "TCP port to listen on; 0 takes a free port (the startup line shows which).",
        "Default: " + ConfigResolver.DEFAULT_PORT + ". Env: " + ConfigResolver.ENV_PORT + "."
      })
  Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      order = 3,
      description = {
        "Directory of the embedded SQLite store, created if missing; relative to the current "
            + "directory. Keep one server per directory.",
        "Default: "
            + ConfigResolver.DEFAULT_DATA_DIR
            + ". Env: "
            + ConfigResolver.ENV_DATA_DIR
            + "."
      })
  Path dataDir;

  @Option(
      names = "--account",
      paramLabel = "ID",
      order = 4,
      description = {
        "12-digit AWS account id used in ARNs (arn:aws:swf:REGION:ACCOUNT:/domain/NAME).",
        "Default: " + ConfigResolver.DEFAULT_ACCOUNT + ". Env: " + ConfigResolver.ENV_ACCOUNT + "."
      })
  String account;

  @Option(
      names = "--poll-timeout",
      paramLabel = "SECONDS",
      order = 5,
      description = {
        "How long PollForDecisionTask and PollForActivityTask hold a poll that finds no task "
            + "before answering empty, in seconds (1-"
            + ConfigResolver.MAX_POLL_TIMEOUT_SECONDS
            + "). Keep it below your clients' read timeout.",
        "Default: "
            + ConfigResolver.DEFAULT_POLL_TIMEOUT_SECONDS
            + ". Env: "
            + ConfigResolver.ENV_POLL_TIMEOUT
            + "."
      })
  Integer pollTimeoutSeconds;

  @Option(
      names = "--store",
      paramLabel = "URL",
      order = 6,
      description = {
        "Where runs are kept: sqlite (the embedded file in --data-dir) or "
            + "postgresql://user:password@host:port/database, a PostgreSQL database that several swfd "
            + "nodes may share behind one load balancer (see the README's cluster section).",
        "Default: sqlite. Env: " + ConfigResolver.ENV_STORE + "."
      })
  String store;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      order = 6,
      description = {
        "YAML file with any of the keys host, port, dataDir, account, pollTimeoutSeconds, store "
            + "(see below). Flags and environment variables override it."
      })
  Path configFile;

  @Option(
      names = "--lambda-endpoint",
      paramLabel = "URL",
      order = 14,
      description = {
        "Where ScheduleLambdaFunction decisions run: any service with the AWS Lambda Invoke API, called with SigV4",
        "(credentials from "
            + LambdaSettings.ENV_ACCESS_KEY_ID
            + " / "
            + LambdaSettings.ENV_SECRET_ACCESS_KEY
            + " or lambda.* in the file).",
        "Default: none (the decision fails with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION).",
        "Env: " + LambdaSettings.ENV_ENDPOINT + ". File: lambda.endpoint."
      })
  private String lambdaEndpoint;

  @Option(
      names = "--lambda-region",
      paramLabel = "REGION",
      order = 15,
      description = {
        "Region the Lambda calls are signed for. Default: us-east-1. Env: "
            + LambdaSettings.ENV_REGION
            + ". File: lambda.region."
      })
  private String lambdaRegion;

  @Option(
      names = "--time-control",
      order = 7,
      description = {
        "Test mode: run on a virtual clock that starts at the real time and moves only when told to "
            + "(POST /swfd/admin/clock/advance {\"seconds\": 3600}; GET /swfd/admin/clock; "
            + "POST /swfd/admin/clock/auto-skip {\"enabled\": true}). Without it the admin API does not exist.",
        "Env: " + TestModes.ENV_TIME_CONTROL + "=true."
      })
  boolean timeControl;

  @Option(
      names = "--moto-compat",
      order = 8,
      description = {
        "Test mode for suites written against moto's server: POST /moto-api/reset clears all state, "
            + "idle polls answer after 1 s unless --poll-timeout is set.",
        "Env: " + TestModes.ENV_MOTO_COMPAT + "=true."
      })
  boolean motoCompat;

  @Option(
      names = "--insecure",
      order = 9,
      description = {
        "Allow listening on a non-loopback address (--host 0.0.0.0) without credentials; anyone who can "
            + "reach the port can then do everything. Without credentials and without this flag swfd "
            + "refuses to start on such an address.",
        "Env: " + AccessSettings.ENV_INSECURE + "=true. File: insecure: true."
      })
  boolean insecure;

  @Option(
      names = "--throttling",
      paramLabel = "PRESET",
      order = 10,
      description = {
        "API rate limits per account and API: aws (Amazon SWF's published quotas) or off. Custom rates: "
            + "throttling.rates in the config file.",
        "Default: off. Env: " + AccessSettings.ENV_THROTTLING + "."
      })
  String throttling;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      order = 11,
      description = {
        "Serve HTTPS with this PEM certificate (chain); needs --tls-key.",
        "Env: " + AccessSettings.ENV_TLS_CERT + "."
      })
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      order = 12,
      description = {
        "The PEM private key (PKCS#8, or RSA PKCS#1) of --tls-cert.",
        "Env: " + AccessSettings.ENV_TLS_KEY + "."
      })
  Path tlsKey;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      order = 13,
      description = {
        "Serve HTTPS with the key and certificate in this PKCS12 keystore (instead of --tls-cert/--tls-key); "
            + "its password comes from "
            + AccessSettings.ENV_TLS_KEYSTORE_PASSWORD
            + " or tls.keystorePassword.",
        "Env: " + AccessSettings.ENV_TLS_KEYSTORE + "."
      })
  Path tlsKeystore;

  @Option(
      names = "--ephemeral",
      order = 16,
      description = {
        "Keep the data in a fresh temporary directory that is deleted when the server stops "
            + "(demos, test suites); the default keeps it in --data-dir.",
        "Env: " + RunSettings.ENV_EPHEMERAL + "=true. File: ephemeral: true."
      })
  boolean ephemeral;

  @Option(
      names = "--domain",
      paramLabel = "NAME[:DAYS]",
      order = 17,
      description = {
        "Register this domain in us-east-1 at start unless it exists, with a retention of DAYS "
            + "(0-90 or NONE; default 1). Repeatable. The config file's domains: can also name "
            + "other regions and the workflow and activity types to register.",
        "Env: " + RunSettings.ENV_DOMAINS + "=orders:7,billing."
      })
  List<String> domains;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      order = 18,
      description = {
        "error, warn, info, debug or trace (Jetty's own logs stay at warn unless stricter).",
        "Default: info. Env: " + RunSettings.ENV_LOG_LEVEL + ". File: logLevel."
      })
  String logLevel;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      order = 19,
      description = {
        "text, or json: one JSON object per line (time, level, logger, thread, message, fields).",
        "Default: text. Env: " + RunSettings.ENV_LOG_FORMAT + ". File: logFormat."
      })
  String logFormat;

  @Option(
      names = "--access-log",
      order = 20,
      description = {
        "Log one line per API call: caller's access key, region, operation, domain, status or "
            + "fault, milliseconds (logger swfd.access). Off by default.",
        "Env: " + RunSettings.ENV_ACCESS_LOG + "=true. File: accessLog: true."
      })
  boolean accessLog;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final Path cwd;
  private final boolean ownsProcess;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CompletableFuture<SwfdServer> started = new CompletableFuture<>();
  private SwfdServer server;
  private boolean closed;
  private Path ephemeralDir;

  /**
   * @param env environment variables to read the SWFD_* settings from
   * @param cwd directory that relative --data-dir / SWFD_DATA_DIR values are resolved against
   * @param ownsProcess true when this is the process's main command: handle SIGTERM/SIGINT and add
   *     a shutdown hook; false in tests, which call {@link #requestStop()} instead
   */
  public ServeCommand(Map<String, String> env, Path cwd, boolean ownsProcess) {
    this.env = Map.copyOf(env);
    this.cwd = cwd;
    this.ownsProcess = ownsProcess;
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    RunSettings.Settings run;
    try {
      config =
          ConfigResolver.resolve(
              new ConfigResolver.Flags(host, port, dataDir, account, pollTimeoutSeconds, store),
              env,
              configFile,
              cwd);
      config =
          TestModes.apply(
              config, timeControl, motoCompat, pollTimeoutSeconds != null, env, configFile);
      config =
          AccessSettings.apply(
              config,
              new AccessSettings.Flags(insecure, throttling, tlsCert, tlsKey, tlsKeystore),
              env,
              configFile,
              cwd);
      config = LambdaSettings.apply(config, lambdaEndpoint, lambdaRegion, env, configFile);
      TestModes.check(config);
      run =
          RunSettings.resolve(
              new RunSettings.Flags(ephemeral, domains, logLevel, logFormat, accessLog),
              env,
              configFile);
      if (run.ephemeral()) checkEphemeral(config);
    } catch (ConfigException e) {
      started.completeExceptionally(e);
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (run.logLevel() != null || run.jsonLogs() || run.accessLog()) {
      LogSetup.apply(run.logLevel(), run.jsonLogs(), run.accessLog());
    }

    if (run.ephemeral()) {
      try {
        ephemeralDir = Files.createTempDirectory("swfd-ephemeral-");
      } catch (IOException e) {
        started.completeExceptionally(e);
        PrintWriter err = spec.commandLine().getErr();
        err.println("swfd: could not start: cannot create a temporary data directory: " + e);
        err.flush();
        return 1;
      }
      config = config.withDataDir(ephemeralDir);
    }
    log.info(
        "swfd {} starting: host {}, port {}, account {}, poll timeout {} s, {}{}",
        VersionProvider.version(),
        config.host(),
        config.port(),
        config.account(),
        config.pollTimeout().toSeconds(),
        ServerDescription.store(config, run.ephemeral()),
        configFile == null ? "" : ", config file " + cwd.resolve(configFile).normalize());

    long t0 = System.nanoTime();
    SwfdServer s =
        new SwfdServer(config)
            .options(new SwfdServer.Options(run.ephemeral(), run.accessLog(), run.domains()));
    try {
      s.start();
    } catch (Exception e) {
      closeQuietly(s);
      deleteEphemeral();
      started.completeExceptionally(e);
      PrintWriter err = spec.commandLine().getErr();
      err.println("swfd: could not start: " + explain(e, config));
      err.flush();
      log.debug("start failed", e);
      return 1;
    }
    synchronized (this) {
      server = s;
    }
    if (ownsProcess) {
      Runtime.getRuntime().addShutdownHook(new Thread(this::closeServer, "swfd-shutdown"));
      Signals.onTermination(this::onSignal);
    }
    log.info("ready in {} ms", (System.nanoTime() - t0) / 1_000_000);

    PrintWriter out = spec.commandLine().getOut();
    for (String line : startupLines(config, s)) out.println(line);
    out.flush();
    started.complete(s);

    try {
      stopRequested.await();
      log.info("stopping");
    } finally {
      closeServer();
    }
    log.info("stopped");
    return 0;
  }

  /**
   * --ephemeral makes its own SQLite directory: a data directory or PostgreSQL would be ignored.
   */
  private void checkEphemeral(ServerConfig config) {
    if (config.postgres()) {
      throw new ConfigException(
          "--ephemeral keeps the data in a temporary SQLite directory: it cannot be combined with"
              + " a PostgreSQL --store");
    }
    if (dataDir != null || !blank(env.get(ConfigResolver.ENV_DATA_DIR))) {
      throw new ConfigException(
          "--ephemeral makes its own temporary data directory: leave out --data-dir ("
              + ConfigResolver.ENV_DATA_DIR
              + ")");
    }
  }

  /**
   * What {@code serve} prints on stdout once the server answers: where it listens, its store and
   * modes, the domains it registered, the URLs of the console, metrics and health, and a {@code
   * Try:} command that works as printed.
   */
  static List<String> startupLines(ServerConfig config, SwfdServer s) {
    String url = scheme(url(config.host(), s.port()), config);
    String clientUrl = scheme(url(clientHost(config.host()), s.port()), config);
    List<String> lines = new ArrayList<>();
    lines.add(
        "swfd "
            + VersionProvider.version()
            + " listening on "
            + url
            + ", "
            + (config.postgres()
                ? "store " + io.swfd.store.postgres.PostgresUrl.parse(config.store()).display()
                : "data in "
                    + config.dataDir()
                    + (s.options().ephemeral() ? " (deleted when swfd stops)" : "")));
    List<String> modes = ServerDescription.modes(config, s.options().accessLog());
    lines.add("  Store:    " + ServerDescription.store(config, s.options().ephemeral()));
    lines.add("  Modes:    " + (modes.isEmpty() ? "none" : String.join(", ", modes)));
    if (!s.seeded().isEmpty()) lines.add("  Domains:  " + String.join("; ", s.seeded()));
    lines.add("  Console:  " + clientUrl + "/console/");
    lines.add("  Metrics:  " + clientUrl + "/metrics");
    lines.add("  Health:   " + clientUrl + "/health");
    lines.addAll(tryLines(config, clientUrl));
    return lines;
  }

  /**
   * The AWS CLI command to try: unsigned without credentials (the AWS CLI otherwise refuses to run
   * without keys), with the CA bundle under a self-signed certificate, and told which key to sign
   * with under access control.
   */
  static List<String> tryLines(ServerConfig config, String clientUrl) {
    StringBuilder cmd =
        new StringBuilder(
            "Try: aws swf list-domains --registration-status REGISTERED --endpoint-url "
                + clientUrl
                + " --region us-east-1");
    String caNote = null;
    if (config.auth().tls().enabled()) {
      CaBundle ca = CaBundle.of(config.auth().tls());
      if (ca.path() != null) cmd.append(" --ca-bundle ").append(ca.path());
      caNote = ca.note();
    }
    List<Credential> keys = config.auth().credentials();
    if (keys.isEmpty()) cmd.append(" --no-sign-request");
    List<String> lines = new ArrayList<>();
    lines.add(cmd.toString());
    if (!keys.isEmpty()) {
      Credential k = keys.stream().filter(c -> c.policy() == null).findFirst().orElse(keys.get(0));
      lines.add(
          "     signed with a configured key: first export AWS_ACCESS_KEY_ID="
              + k.accessKeyId()
              + " and its AWS_SECRET_ACCESS_KEY"
              + (k.sessionToken() == null ? "" : " and AWS_SESSION_TOKEN")
              + (keys.size() > 1 ? " (or another of the " + keys.size() + " keys)" : ""));
    }
    if (caNote != null) lines.add("     " + caNote);
    return lines;
  }

  /** The environment the commands read their settings from (the operator commands use it too). */
  Map<String, String> env() {
    return env;
  }

  /** Completes with the running server once it answers requests (for tests and embedding). */
  public CompletableFuture<SwfdServer> started() {
    return started;
  }

  /** Asks a running {@code serve} to stop; {@link #call()} then closes the server and returns 0. */
  public void requestStop() {
    stopping.set(true);
    stopRequested.countDown();
  }

  private void onSignal() {
    if (stopping.getAndSet(true)) {
      // A second Ctrl-C while stopping: the user wants out now.
      System.err.println("swfd: stopping immediately");
      Runtime.getRuntime().halt(130);
    }
    stopRequested.countDown();
  }

  /**
   * Closes the server once, then deletes an ephemeral data directory; a second caller (the shutdown
   * hook) waits for the first to finish.
   */
  private synchronized void closeServer() {
    if (closed || server == null) return;
    closed = true;
    closeQuietly(server);
    deleteEphemeral();
  }

  private synchronized void deleteEphemeral() {
    Path dir = ephemeralDir;
    if (dir == null) return;
    ephemeralDir = null;
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
      log.info("deleted the ephemeral data directory {}", dir);
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete the ephemeral data directory {}: {}", dir, e.toString());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void closeQuietly(SwfdServer s) {
    try {
      s.close();
    } catch (RuntimeException e) {
      log.warn("error while stopping", e);
    }
  }

  static String url(String host, int port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port;
  }

  /** https:// when the server has a TLS certificate. */
  private static String scheme(String url, ServerConfig config) {
    return config.auth().tls().enabled() ? "https" + url.substring("http".length()) : url;
  }

  /**
   * A wildcard listen address is not somewhere a client can connect to; suggest loopback instead.
   */
  static String clientHost(String host) {
    return switch (host) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "[::]", "0:0:0:0:0:0:0:0" -> "::1";
      default -> host;
    };
  }

  private static String explain(Throwable e, ServerConfig config) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataDirectory.Unusable || t instanceof io.swfd.server.Seeding.Refused) {
        return t.getMessage();
      }
      if (t instanceof BindException) {
        return "cannot listen on "
            + url(config.host(), config.port())
            + ": "
            + t.getMessage()
            + " (is another server running? --port 0 takes a free port)";
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (what.contains("SQLITE_BUSY") || what.contains("database is locked")) {
      return "the data directory "
          + config.dataDir()
          + " is in use (is another swfd running on it?): "
          + what;
    }
    if (config.postgres()) return what;
    return what + " (data directory " + config.dataDir() + ")";
  }
}
