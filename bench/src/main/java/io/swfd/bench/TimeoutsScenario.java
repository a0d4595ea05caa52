package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Heartbeat-timeout precision under load: activities with a 1 s heartbeat timeout are started and
 * never heartbeat, while a heartbeat load runs on another domain. Lateness of each timeout =
 * eventTimestamp(ActivityTaskTimedOut) − (eventTimestamp(ActivityTaskStarted) + 1 s), read from
 * GetWorkflowExecutionHistory afterwards; also the lateness as observed by the decider (wall clock
 * when the decision task reporting the timeout arrived).
 */
final class TimeoutsScenario implements Scenario {
  private static final long TIMEOUT_MICROS = 1_000_000;

  @Override
  public String name() {
    return "timeouts";
  }

  private static double rate(Settings s) {
    return s.quick ? Math.min(10, s.timeoutRate) : s.timeoutRate;
  }

  private static int loadTasks(Settings s) {
    return Math.min(s.tasks, 500);
  }

  private static int loadLoops(Settings s) {
    return Math.max(2, s.clients / 2);
  }

  @Override
  public String describe(BenchContext ctx) {
    Settings s = ctx.settings;
    return String.format(
        "1 s heartbeat timeouts that never heartbeat, %.0f started/s for %.0f s, while %d loops heartbeat "
            + "%d other tasks",
        rate(s), s.durationNanos(name()) / 1e9, loadLoops(s), loadTasks(s));
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    Settings s = ctx.settings;
    SwfHttpClient c = ctx.client;
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    HeartbeatFleet load = HeartbeatFleet.prepare(ctx, ctx.name("timeouts-load"), loadTasks(s), r);
    ctx.log("setup: background heartbeat load on %d activity tasks", load.tokens.size());
    Fixtures fx = Fixtures.register(c, ctx.name("timeouts"), true);
    String decisions = "to-decisions";
    String activities = "to-activities";
    ConcurrentHashMap<String, String> runIds = new ConcurrentHashMap<>();
    Latencies observed = new Latencies();
    LongAdder closed = new LongAdder();
    LongAdder activitiesStarted = new LongAdder();
    LongAdder heartbeats = new LongAdder();
    AtomicLong rr = new AtomicLong();
    ctx.probe.reset();
    ctx.measureStart();
    Pacer.Outcome o;
    long loadStart = System.nanoTime();
    long loadNanos;
    try (Workers w = new Workers(r)) {
      w.spawn(
          "to-heartbeat",
          loadLoops(s),
          i -> {
            load.fx.heartbeat(
                load.tokens.get(
                    (int) Math.floorMod(rr.getAndIncrement(), (long) load.tokens.size())));
            heartbeats.increment();
          });
      w.spawn(
          "to-decider",
          4,
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForDecisionTask", fx.pollDecision(decisions, "decider-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            Instant now = Instant.now();
            long arrived = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            String token = t.get("taskToken").asText();
            String id = t.path("workflowExecution").path("workflowId").asText();
            Fixtures.Stage st = Fixtures.Stage.of(t);
            if (st.activityClosed() != null) {
              if (st.activityClosed().path("eventType").asText().equals("ActivityTaskTimedOut")
                  && st.activityStarted() != null) {
                observed.record(
                    (arrived - Fixtures.micros(st.activityStarted()) - TIMEOUT_MICROS) * 1000);
              }
              fx.respondDecision(token, Fixtures.completeWorkflow());
              closed.increment();
            } else if (!st.scheduled()) {
              fx.respondDecision(token, Fixtures.scheduleActivity(id, activities, "1"));
            } else {
              fx.respondDecision(token);
            }
          });
      w.spawn(
          "to-worker",
          Math.max(8, s.clients / 4),
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForActivityTask", fx.pollActivity(activities, "sleeper-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            activitiesStarted.increment(); // and never heartbeat
          });
      o =
          Pacer.run(
              "to-starter",
              rate(s),
              s.durationNanos(name()),
              4,
              r,
              n -> {
                String id = "to-" + n;
                runIds.put(id, fx.start(id, decisions));
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(s.quick ? 6 : 20);
      while (closed.sum() < runIds.size() && System.nanoTime() < deadline) Thread.sleep(20);
      loadNanos = System.nanoTime() - loadStart;
      ctx.peaks(r);
    }
    ctx.log("reading %d histories", runIds.size());
    Latencies lateness = new Latencies();
    Map<String, Long> kinds = new TreeMap<>();
    LongAdder missing = new LongAdder();
    LongAdder early = new LongAdder();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(2, Math.min(8, s.clients)),
            rn -> {
              Thread t = new Thread(rn, "bench-history");
              t.setDaemon(true);
              return t;
            });
    for (Map.Entry<String, String> e : runIds.entrySet()) {
      pool.execute(
          () -> {
            try {
              List<JsonNode> events = fx.history(e.getKey(), e.getValue());
              JsonNode started = null;
              JsonNode timedOut = null;
              for (JsonNode ev : events) {
                String type = ev.path("eventType").asText();
                if (type.equals("ActivityTaskStarted") && started == null) started = ev;
                if (type.equals("ActivityTaskTimedOut") && timedOut == null) timedOut = ev;
              }
              if (started == null || timedOut == null) {
                missing.increment();
                return;
              }
              String kind =
                  timedOut
                      .path("activityTaskTimedOutEventAttributes")
                      .path("timeoutType")
                      .asText("?");
              synchronized (kinds) {
                kinds.merge(kind, 1L, Long::sum);
              }
              long late = Fixtures.micros(timedOut) - Fixtures.micros(started) - TIMEOUT_MICROS;
              if (late < 0) early.increment();
              lateness.record(late * 1000);
            } catch (SwfHttpClient.SwfCallException x) {
              r.error(x.op + ":" + x.type, x.getMessage());
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
    r.operation = "heartbeat timeout";
    r.latency = lateness.summary();
    r.operations = r.latency.count();
    r.seconds = o.seconds();
    r.latencyOf =
        "eventTimestamp(ActivityTaskTimedOut) − (eventTimestamp(ActivityTaskStarted) + 1 s)";
    r.extra.put("workflowsStarted", runIds.size());
    r.extra.put("activitiesStarted", activitiesStarted.sum());
    r.extra.put("timeoutsMissing", missing.sum());
    r.extra.put("timeoutTypes", kinds);
    r.extra.put("observedByDecider", observed.summary());
    r.extra.put(
        "backgroundHeartbeatsPerSecond",
        ScenarioResult.round(heartbeats.sum() / (loadNanos / 1e9)));
    if (o.skipped() > 0)
      r.notes.add(
          o.skipped() + " starts were skipped: the starters could not keep up with the rate");
    if (early.sum() > 0) {
      r.notes.add(
          early.sum()
              + " timeouts are timestamped before ActivityTaskStarted + 1 s: this server counts the heartbeat "
              + "timeout from an earlier point (moto: from scheduling) and stamps the event with the computed deadline, "
              + "not the time it fired; compare observedByDecider instead");
    }
    if (ctx.server == null) load.terminateAll(Math.min(8, s.clients));
    return r;
  }
}
