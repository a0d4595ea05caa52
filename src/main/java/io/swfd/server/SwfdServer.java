package io.swfd.server;

import io.swfd.api.AccessLog;
import io.swfd.api.PageTokens;
import io.swfd.api.SwfApi;
import io.swfd.api.validation.ApiModel;
import io.swfd.auth.AccessGate;
import io.swfd.auth.AuthConfig;
import io.swfd.auth.ProtectedMode;
import io.swfd.auth.SigV4Verifier;
import io.swfd.auth.Throttler;
import io.swfd.engine.ActivityTasks;
import io.swfd.engine.Deadlines;
import io.swfd.engine.DecisionTasks;
import io.swfd.engine.LambdaTasks;
import io.swfd.engine.Registry;
import io.swfd.engine.Runs;
import io.swfd.engine.TaskOwners;
import io.swfd.engine.TaskTokens;
import io.swfd.engine.WorkflowExecutions;
import io.swfd.http.HttpServer;
import io.swfd.http.InfoHandler;
import io.swfd.lambda.HttpLambdaInvoker;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import io.swfd.metrics.SwfdMetrics;
import io.swfd.server.cli.VersionProvider;
import io.swfd.store.MetaStore;
import io.swfd.store.RunStore;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.timers.ManualClock;
import io.swfd.timers.TimeControl;
import io.swfd.timers.TimerService;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One swfd node, wired by hand. Start order: store (migrations), engine, API, HTTP; stop in
 * reverse, so no request is accepted before the store is open and none is cut off by a closed
 * store.
 */
public final class SwfdServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwfdServer.class);

  /** On a shared store: how often each node sweeps it for what notifications may have missed. */
  static final java.time.Duration CLUSTER_SWEEP = java.time.Duration.ofSeconds(2);

  /**
   * How far ahead the timer service holds deadlines in memory (the rest wait in the store): long
   * enough that the store is read for them only every few minutes, short enough that a closed run's
   * retention deadline or an hour-long timeout costs no memory.
   */
  static final java.time.Duration TIMER_HORIZON = java.time.Duration.ofMinutes(5);

  /**
   * On a shared store: how much later than due a node fires another node's deadline, as a backup.
   */
  static final java.time.Duration CLUSTER_BACKUP_DELAY = java.time.Duration.ofSeconds(1);

  private final ServerConfig config;
  private final InstantSource clock;
  private SqliteDatabase database;
  private Stores stores;
  private io.swfd.engine.ClusterSync cluster;
  private volatile ClusterMembership membership;
  private HttpServer http;
  private TaskQueues queues;
  private TimerService timers;
  private TimeControl timeControl;
  private SwfApi api;
  private Registry registry;
  private Runs runs;
  private volatile boolean ready;
  private final SwfdMetrics metrics = new SwfdMetrics();
  private Options options = Options.NONE;
  private List<String> seeded = List.of();

  /**
   * What {@code swfd serve} adds to a server beyond its {@link ServerConfig}.
   *
   * @param ephemeral the data directory is a temporary one, deleted when the server stops (shown in
   *     the startup lines and {@code /health}; the command deletes it)
   * @param accessLog log one line per call (README: Logs)
   * @param domains domains (and their types) to register at start when they are missing
   */
  public record Options(boolean ephemeral, boolean accessLog, List<DomainSeed> domains) {
    public static final Options NONE = new Options(false, false, List.of());

    public Options {
      domains = List.copyOf(domains == null ? List.of() : domains);
    }
  }

  public SwfdServer(ServerConfig config) {
    this(config, InstantSource.system());
  }

  public SwfdServer(ServerConfig config, InstantSource clock) {
    this.config = config;
    // with time control the server runs on a virtual clock that starts at the real time
    this.clock =
        config.timeControl() && !(clock instanceof ManualClock)
            ? new ManualClock(clock.instant())
            : clock;
  }

  /** Sets the {@link Options} (before {@link #start()}). */
  public SwfdServer options(Options o) {
    this.options = o == null ? Options.NONE : o;
    return this;
  }

  public SwfdServer start() throws Exception {
    ProtectedMode.check(
        config.host(),
        config.auth(),
        config.timeControl() || config.motoCompat()); // before anything is opened
    if (!config.postgres()) DataDirectory.prepare(config.dataDir()); // says why it cannot be used
    long opening = System.nanoTime();
    // read while the store opens (independent of it; a tenth of the start-up when done in line)
    java.util.concurrent.CompletableFuture<ApiModel> model =
        java.util.concurrent.CompletableFuture.supplyAsync(ApiModel::load);
    stores = Stores.open(config, metrics::commit);
    database = stores.sqlite(); // null on PostgreSQL
    log.info(
        "store opened: {} in {} ms",
        ServerDescription.store(config, options.ephemeral()),
        (System.nanoTime() - opening) / 1_000_000);
    MetaStore meta = stores.meta();
    PageTokens pageTokens = new PageTokens(secret(meta, "page-token-key"), clock);
    registry = new Registry(stores.registry(), clock, config.account());
    RunStore runStore = stores.runs();
    queues = new TaskQueues();
    timers = new TimerService(clock);
    runs = new Runs(runStore, clock, queues, timers);
    if (stores.bus().shared())
      runs.shareStore(stores.bus()); // other nodes may work on the same runs
    TaskTokens taskTokens = new TaskTokens(secret(meta, "task-token-key"));
    WorkflowExecutions executions = new WorkflowExecutions(registry, runs);
    LambdaTasks lambdaTasks =
        new LambdaTasks(
            runs, config.lambda().enabled() ? new HttpLambdaInvoker(config.lambda()) : null);
    DecisionTasks decisionTasks = new DecisionTasks(runs, taskTokens, registry, lambdaTasks);
    ActivityTasks activityTasks = new ActivityTasks(runs, taskTokens);
    queues.starter(TaskListKey.Kind.DECISION, decisionTasks::start);
    queues.starter(TaskListKey.Kind.ACTIVITY, activityTasks::start);
    queues.observeHandOvers(metrics::handedOver);
    timers.observeLateness(metrics::timerFired);
    metrics.gauge("swfd.runs.open", "open runs", runs, Runs::openCount);
    metrics.gauge(
        "swfd.timers.held",
        "deadlines held in memory (due within the horizon; later ones wait in the store)",
        timers,
        TimerService::size);
    metrics.parkedPolls(queues::parkedPerList);
    runs.restoreQueues();
    // deadlines due within the horizon are held in memory, later ones are read from the store as
    // they come near
    timers.keepNear(runStore, TIMER_HORIZON);
    timers.start(new Deadlines(runs, decisionTasks, activityTasks, lambdaTasks));
    log.info(
        "recovered {} open runs, {} tasks waiting for a poller, {} deadlines due within {} min"
            + " (later ones wait in the store)",
        runs.openCount(),
        queues.backlogTotal(),
        timers.size(),
        TIMER_HORIZON.toMinutes());
    if (stores.bus().shared()) {
      cluster =
          new io.swfd.engine.ClusterSync(
              runs,
              queues,
              timers,
              stores.bus(),
              CLUSTER_SWEEP,
              CLUSTER_BACKUP_DELAY,
              ClusterMembership.ownerFirst());
      cluster.start();
    }
    api =
        Handlers.register(
                new SwfApi(model.join()),
                new Handlers.Services(
                    registry,
                    pageTokens,
                    executions,
                    decisionTasks,
                    activityTasks,
                    queues,
                    runStore,
                    config.pollTimeout()))
            .observe(metrics::request);
    // before the access gate and the request log: the operator's own seeding needs no key
    seeded = Seeding.register(api, config.account(), options.domains());
    if (options.accessLog()) api.accessLog(new AccessLog());
    if (config.timeControl()) {
      timeControl =
          new TimeControl(
              (ManualClock) clock,
              timers,
              () -> api.inFlight() == 0 && queues.backlogTotal() == 0 && !runs.anyTaskInProgress());
    }
    AuthConfig auth = config.auth();
    Throttler throttler = auth.throttling().enabled() ? new Throttler(auth.throttling()) : null;
    if (auth.required() || throttler != null) {
      api.gate(
          new AccessGate(config.account(), throttler, new TaskOwners(runs, taskTokens), registry));
    }
    // decision throttles share the account's buckets (the runs, like their ARNs, belong to the
    // server's account)
    if (throttler != null)
      decisionTasks.limitRates(type -> throttler.tryAcquire(config.account(), type));
    SigV4Verifier verifier =
        auth.required() ? new SigV4Verifier(auth.credentials(), config.account()) : null;
    http =
        new HttpServer(
            config.host(),
            config.port(),
            api,
            config.account(),
            () -> ready,
            metrics,
            timeControl,
            verifier,
            auth.tls());
    if (config.motoCompat()) http.addHandler(new io.swfd.http.MotoApiHandler(this::reset));
    http.addFirst(
        new InfoHandler(
            VersionProvider.version(),
            ServerDescription.health(config, options.ephemeral(), options.accessLog()),
            () -> ready,
            config.timeControl(),
            () -> membership == null ? io.swfd.api.Json.object() : membership.health()));
    String clusterSecret = stores.postgres() == null ? null : ClusterMembership.secret(meta);
    if (clusterSecret != null) http.clusterChannel(clusterSecret);
    http.start();
    if (stores.postgres() != null) {
      Runs served = runs;
      membership =
          ClusterMembership.join(
              stores.postgres(),
              meta,
              endpoint(),
              metrics,
              clusterSecret,
              new io.swfd.cluster.LeaseManager.Listener() {
                @Override
                public void gained(int shard, long epoch) {
                  // its runs are read from the store as they are first touched
                }

                @Override
                public void lost(int shard) {
                  served.shardLost(shard); // before the lease is given up
                }
              });
      // the runs of the shards this node owns are served from memory, written under their fence
      // (-Dswfd.cluster.ownedInMemory=false: every run read from the store, as before issue 14)
      if (ClusterMembership.ownedInMemory()) runs.own(membership.ownership());
      metrics.gauge(
          "swfd.cluster.runs.held",
          "runs of this node's shards held in memory",
          runs,
          Runs::heldCount);
      // calls about one execution go to its shard's owner, which serves it from memory
      if (ClusterMembership.forwardingEnabled())
        api.router(membership.router(runStore, auth.required()));
    }
    ready = true;
    List<String> modes = ServerDescription.modes(config, options.accessLog());
    log.info(
        "listening on {} (modes: {})",
        endpoint(),
        modes.isEmpty() ? "none" : String.join(", ", modes));
    return this;
  }

  /**
   * Lets requests being handled finish (up to 5 s) so that a clean stop answers everyone it
   * started.
   */
  private void drain() {
    if (api == null) return;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (api.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static byte[] secret(MetaStore meta, String name) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return Base64.getDecoder()
        .decode(meta.getOrCreate(name, Base64.getEncoder().encodeToString(fresh)));
  }

  public int port() {
    return http.port();
  }

  /** The runs (tests and operators adjust the open-runs quota through it). */
  public Runs runs() {
    return runs;
  }

  /**
   * The embedded store's database, or null on PostgreSQL (tests make its commits fail on purpose,
   * as a full disk would).
   */
  public SqliteDatabase sqlite() {
    return database;
  }

  /** The matching queues (tests look at parked polls and backlogs). */
  public TaskQueues queues() {
    return queues;
  }

  /** The virtual clock's controls when the server runs with time control, else null. */
  public TimeControl timeControl() {
    return timeControl;
  }

  /**
   * Drops all state, as if the data directory were new: every domain, type, run, task and timer
   * (moto's {@code POST /moto-api/reset} in moto-compatible mode; the testkit's reset()). Parked
   * polls answer empty; a task token from before names a run that no longer exists (run keys are
   * never reused). The clock and the server's secrets are kept.
   */
  public synchronized void reset() {
    queues.clear();
    timers.clear();
    stores.deleteAll();
    runs.forgetAll();
    registry.changed();
    // whatever a request in flight scheduled meanwhile belongs to the old state too
    timers.clear();
    queues.clear();
  }

  public String endpoint() {
    return (config.auth().tls().enabled() ? "https://" : "http://") + config.host() + ":" + port();
  }

  public ServerConfig config() {
    return config;
  }

  public Options options() {
    return options;
  }

  /** What start did with each {@link Options#domains()} entry, e.g. "orders (registered)". */
  public List<String> seeded() {
    return seeded;
  }

  @Override
  public void close() {
    ready = false;
    if (queues != null) queues.releaseParked();
    drain();
    try {
      if (http != null) http.stop();
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly", e);
    }
    if (timeControl != null) timeControl.close();
    if (timers != null) timers.close();
    if (queues != null) queues.close();
    if (cluster != null) cluster.close();
    // its work finished: its shards go to the other nodes at once rather than after their leases
    if (membership != null) membership.close();
    if (stores != null) stores.close();
  }
}
