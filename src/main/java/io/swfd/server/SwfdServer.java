package io.swfd.server;

import io.swfd.api.PageTokens;
import io.swfd.api.SwfApi;
import io.swfd.api.validation.ApiModel;
import io.swfd.engine.ActivityTasks;
import io.swfd.engine.Deadlines;
import io.swfd.engine.DecisionTasks;
import io.swfd.engine.LambdaTasks;
import io.swfd.engine.Registry;
import io.swfd.lambda.HttpLambdaInvoker;
import io.swfd.engine.Runs;
import io.swfd.engine.TaskTokens;
import io.swfd.engine.WorkflowExecutions;
import io.swfd.matching.TaskListKey;
import io.swfd.metrics.SwfdMetrics;
import io.swfd.matching.TaskQueues;
import io.swfd.store.RunStore;
import io.swfd.store.sqlite.SqliteRunStore;
import io.swfd.timers.ManualClock;
import io.swfd.timers.TimeControl;
import io.swfd.timers.TimerService;
import io.swfd.http.HttpServer;
import io.swfd.store.MetaStore;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.store.sqlite.SqliteMetaStore;
import io.swfd.store.sqlite.SqliteRegistryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;

/**
 * One swfd node, wired by hand. Start order: store (migrations), engine, API, HTTP; stop in reverse,
 * so no request is accepted before the store is open and none is cut off by a closed store.
 */
public final class SwfdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwfdServer.class);

    private final ServerConfig config;
    private final InstantSource clock;
    private SqliteDatabase database;
    private HttpServer http;
    private TaskQueues queues;
    private TimerService timers;
    private TimeControl timeControl;
    private volatile boolean ready;
    private final SwfdMetrics metrics = new SwfdMetrics();

    public SwfdServer(ServerConfig config) {
        this(config, InstantSource.system());
    }

    public SwfdServer(ServerConfig config, InstantSource clock) {
        this.config = config;
        // with time control the server runs on a virtual clock that starts at the real time
        this.clock = config.timeControl() && !(clock instanceof ManualClock) ? new ManualClock(clock.instant()) : clock;
    }

    public SwfdServer start() throws Exception {
        database = new SqliteDatabase(config.dataDir(), metrics::commit);
        MetaStore meta = new SqliteMetaStore(database);
        PageTokens pageTokens = new PageTokens(secret(meta, "page-token-key"), clock);
        Registry registry = new Registry(new SqliteRegistryStore(database), clock, config.account());
        RunStore runStore = new SqliteRunStore(database);
        queues = new TaskQueues();
        timers = new TimerService(clock);
        Runs runs = new Runs(runStore, clock, queues, timers);
        TaskTokens taskTokens = new TaskTokens(secret(meta, "task-token-key"));
        WorkflowExecutions executions = new WorkflowExecutions(registry, runs);
        LambdaTasks lambdaTasks = new LambdaTasks(runs, config.lambda().enabled() ? new HttpLambdaInvoker(config.lambda()) : null);
        DecisionTasks decisionTasks = new DecisionTasks(runs, taskTokens, registry, lambdaTasks);
        ActivityTasks activityTasks = new ActivityTasks(runs, taskTokens);
        queues.starter(TaskListKey.Kind.DECISION, decisionTasks::start);
        queues.starter(TaskListKey.Kind.ACTIVITY, activityTasks::start);
        queues.observeHandOvers(metrics::handedOver);
        timers.observeLateness(metrics::timerFired);
        metrics.gauge("swfd.runs.open", "open runs", runs, Runs::openCount);
        metrics.parkedPolls(queues::parkedPerList);
        runs.restoreQueues();
        timers.armAll(runStore.timers());
        timers.start(new Deadlines(runs, decisionTasks, activityTasks, lambdaTasks, timers));
        SwfApi api = Handlers.register(new SwfApi(ApiModel.load()), new Handlers.Services(registry, pageTokens, executions,
                decisionTasks, activityTasks, queues, runStore, config.pollTimeout())).observe(metrics::request);
        if (config.timeControl()) {
            timeControl = new TimeControl((ManualClock) clock, timers,
                    () -> api.inFlight() == 0 && queues.backlogTotal() == 0 && !runs.anyTaskInProgress());
        }
        http = new HttpServer(config.host(), config.port(), api, config.account(), () -> ready, metrics, timeControl);
        http.start();
        ready = true;
        return this;
    }

    static byte[] secret(MetaStore meta, String name) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return Base64.getDecoder().decode(meta.getOrCreate(name, Base64.getEncoder().encodeToString(fresh)));
    }

    public int port() { return http.port(); }

    /** The matching queues (tests look at parked polls and backlogs). */
    public TaskQueues queues() { return queues; }

    public String endpoint() { return "http://" + config.host() + ":" + port(); }

    public ServerConfig config() { return config; }

    @Override
    public void close() {
        ready = false;
        try {
            if (http != null) http.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly", e);
        }
        if (timeControl != null) timeControl.close();
        if (timers != null) timers.close();
        if (queues != null) queues.close();
        if (database != null) database.close();
    }
}
