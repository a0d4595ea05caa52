package io.swfd.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * RecordActivityTaskHeartbeat from many concurrent clients, round-robin over many started tasks.
 */
final class HeartbeatsScenario implements Scenario {
  @Override
  public String name() {
    return "heartbeats";
  }

  @Override
  public boolean operationsAreTheWholeLoad() {
    return true;
  }

  @Override
  public String describe(BenchContext ctx) {
    Settings s = ctx.settings;
    return String.format(
        "RecordActivityTaskHeartbeat round-robin over %d started activity tasks, %d client loops, %.0f s%s",
        s.tasks, s.clients, s.durationNanos(name()) / 1e9, s.warmupNote(name()));
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    Settings s = ctx.settings;
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    HeartbeatFleet fleet = HeartbeatFleet.prepare(ctx, ctx.name("heartbeats"), s.tasks, r);
    r.extra.put("warmupSeconds", s.warmupSeconds(name()));
    r.extra.put("activityTasks", fleet.tokens.size());
    r.extra.put("setupSeconds", ScenarioResult.round(fleet.setupSeconds));
    ctx.log("setup: %d activity tasks started in %.1f s", fleet.tokens.size(), fleet.setupSeconds);
    List<String> tokens = fleet.tokens;
    Latencies lat = new Latencies();
    LongAdder ops = new LongAdder();
    AtomicLong rr = new AtomicLong();
    Windows.Measured m;
    try (Workers w = new Workers(r)) {
      w.spawn(
          "heartbeat",
          s.clients,
          i -> {
            String token =
                tokens.get((int) Math.floorMod(rr.getAndIncrement(), (long) tokens.size()));
            long t0 = System.nanoTime();
            fleet.fx.heartbeat(token);
            lat.record(System.nanoTime() - t0);
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
    if (ctx.server == null) fleet.terminateAll(Math.min(8, s.clients));
    return r;
  }
}
