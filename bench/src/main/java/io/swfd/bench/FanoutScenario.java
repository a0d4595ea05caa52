package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fan-out: one run with many started activity tasks (its one decision schedules them all), and
 * RecordActivityTaskHeartbeat from many concurrent clients round-robin over them. The same calls as
 * {@link HeartbeatsScenario}, whose tasks are spread over as many runs: the two side by side show
 * what one busy run costs.
 */
final class FanoutScenario implements Scenario {
  /** SWF's limit of open activity tasks in one run. */
  static final int MAX_OPEN_ACTIVITIES = 1000;

  @Override
  public String name() {
    return "fanout";
  }

  private static int tasks(Settings s) {
    return Math.min(s.tasks, MAX_OPEN_ACTIVITIES);
  }

  @Override
  public boolean operationsAreTheWholeLoad() {
    return true;
  }

  @Override
  public String describe(BenchContext ctx) {
    Settings s = ctx.settings;
    return String.format(
        "RecordActivityTaskHeartbeat round-robin over %d started activity tasks of ONE run, %d client loops, %.0f s%s",
        tasks(s), s.clients, s.durationNanos(name()) / 1e9, s.warmupNote(name()));
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    Settings s = ctx.settings;
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    long t0 = System.nanoTime();
    Fixtures fx = Fixtures.register(ctx.client, ctx.name("fanout"), true);
    String workflowId = "fanout-" + Long.toString(System.nanoTime(), 36);
    List<String> tokens = prepare(ctx, fx, workflowId, tasks(s), r);
    double setup = (System.nanoTime() - t0) / 1e9;
    r.extra.put("warmupSeconds", s.warmupSeconds(name()));
    r.extra.put("activityTasks", tokens.size());
    r.extra.put("runs", 1);
    r.extra.put("setupSeconds", ScenarioResult.round(setup));
    ctx.log("setup: %d activity tasks of one run started in %.1f s", tokens.size(), setup);
    Latencies lat = new Latencies();
    LongAdder ops = new LongAdder();
    AtomicLong rr = new AtomicLong();
    Windows.Measured m;
    try (Workers w = new Workers(r)) {
      w.spawn(
          "fanout",
          s.clients,
          i -> {
            String token =
                tokens.get((int) Math.floorMod(rr.getAndIncrement(), (long) tokens.size()));
            long start = System.nanoTime();
            fx.heartbeat(token);
            lat.record(System.nanoTime() - start);
            ops.increment();
          });
      Windows.warmUp(ctx, name(), lat::reset);
      m = Windows.run(ctx, s.durationNanos(name()), s.windowSeconds, ops::sum, "heartbeats");
      ctx.peaks(r);
    }
    r.operation = "RecordActivityTaskHeartbeat";
    r.operations = m.count();
    r.seconds = m.seconds();
    r.windows = m.perSecond();
    r.windowSeconds = s.windowSeconds;
    r.latency = lat.summary();
    r.latencyOf = "one RecordActivityTaskHeartbeat call, client side";
    if (ctx.server == null) {
      try {
        fx.terminate(workflowId);
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    return r;
  }

  /**
   * Starts the run, schedules {@code tasks} activity tasks in its first decision and polls them
   * all; returns their task tokens.
   */
  private static List<String> prepare(
      BenchContext ctx, Fixtures fx, String workflowId, int tasks, ScenarioResult result)
      throws Exception {
    String decisions = "fanout-decisions";
    String activities = "fanout-activities";
    SwfHttpClient c = ctx.client;
    ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
    AtomicBoolean scheduled = new AtomicBoolean();
    int n = Math.max(2, Math.min(8, ctx.settings.clients));
    try (Workers w = new Workers(result)) {
      w.spawn(
          "fanout-decider",
          1,
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForDecisionTask", fx.pollDecision(decisions, "decider"));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            if (scheduled.get()) {
              fx.respondDecision(t.get("taskToken").asText());
              return;
            }
            ObjectNode[] ds = new ObjectNode[tasks];
            for (int k = 0; k < tasks; k++)
              ds[k] = Fixtures.scheduleActivity("a-" + k, activities, "3600");
            fx.respondDecision(t.get("taskToken").asText(), ds);
            scheduled.set(true);
          });
      w.spawn(
          "fanout-collector",
          n,
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForActivityTask", fx.pollActivity(activities, "collector-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            tokens.add(t.get("taskToken").asText());
          });
      fx.start(workflowId, decisions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, tasks / 5));
      long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tokens.size() < tasks && System.nanoTime() < deadline) {
        Thread.sleep(20);
        if (System.nanoTime() > nextLog) {
          ctx.log("setup: %d/%d activity tasks started", tokens.size(), tasks);
          nextLog += TimeUnit.SECONDS.toNanos(5);
        }
      }
    }
    List<String> list = new ArrayList<>(tokens);
    if (list.size() < tasks) {
      result.notes.add(
          "setup started only " + list.size() + " of " + tasks + " activity tasks in time");
    }
    if (list.isEmpty()) throw new IllegalStateException("no activity task could be started");
    return list;
  }
}
