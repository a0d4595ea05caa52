package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Dispatch latency: with idle activity pollers waiting, a decider schedules an activity; the
 * latency is from the RespondDecisionTaskCompleted answer reaching the decider to a poller
 * receiving the task (both taken on the client, so it includes the client's own scheduling).
 * Workflows are started at a steady rate: {@code --rate}, by default half of what the workflows
 * scenario reached against the same target in this run.
 */
final class DispatchScenario implements Scenario {
  private static final double DEFAULT_RATE = 200;

  @Override
  public String name() {
    return "dispatch";
  }

  @Override
  public boolean operationsAreTheWholeLoad() {
    return true;
  }

  private static int pollers(Settings s) {
    return Math.max(8, s.clients / 2);
  }

  private static int deciders(Settings s) {
    return Math.max(4, s.clients / 4);
  }

  static double rate(BenchContext ctx) {
    Settings s = ctx.settings;
    if (s.rate > 0) return s.rate;
    ScenarioResult wf = ctx.earlier.get("workflows");
    if (wf != null && wf.throughput() > 0) return Math.max(1, Math.round(wf.throughput() / 2));
    return s.quick ? 20 : DEFAULT_RATE;
  }

  @Override
  public String describe(BenchContext ctx) {
    Settings s = ctx.settings;
    return String.format(
        "decision answered → waiting poller receives the activity task; %.0f workflows/s%s, "
            + "%d idle activity pollers, %d deciders, %.0f s%s",
        rate(ctx),
        s.rate > 0
            ? ""
            : ctx.earlier.containsKey("workflows") ? " (half the workflows result)" : " (default)",
        pollers(s),
        deciders(s),
        s.durationNanos(name()) / 1e9,
        s.warmupNote(name()));
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    Settings s = ctx.settings;
    SwfHttpClient c = ctx.client;
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    double rate = rate(ctx);
    Fixtures fx = Fixtures.register(c, ctx.name("dispatch"), true);
    String decisions = "dispatch-decisions";
    String activities = "dispatch-activities";
    ConcurrentHashMap<String, long[]> pending = new ConcurrentHashMap<>();
    Latencies lat = new Latencies();
    LongAdder dispatched = new LongAdder();
    LongAdder early = new LongAdder();
    LongAdder completed = new LongAdder();
    Pacer.Outcome o;
    try (Workers w = new Workers(r)) {
      java.util.function.BiConsumer<String, long[]> match =
          (id, at) ->
              pending.compute(
                  id,
                  (k, v) -> {
                    long[] x = v == null ? new long[] {-1, -1} : v;
                    if (at[0] >= 0) x[0] = at[0];
                    if (at[1] >= 0) x[1] = at[1];
                    if (x[0] >= 0 && x[1] >= 0) {
                      long d = x[1] - x[0];
                      if (d < 0) early.increment();
                      lat.record(Math.max(0, d));
                      dispatched.increment();
                      return null;
                    }
                    return x;
                  });
      w.spawn(
          "dispatch-poller",
          pollers(s),
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForActivityTask", fx.pollActivity(activities, "poller-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            long received = System.nanoTime();
            match.accept(t.path("activityId").asText(), new long[] {-1, received});
            fx.completeActivity(t.get("taskToken").asText());
          });
      w.spawn(
          "dispatch-decider",
          deciders(s),
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForDecisionTask", fx.pollDecision(decisions, "decider-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            String token = t.get("taskToken").asText();
            String id = t.path("workflowExecution").path("workflowId").asText();
            Fixtures.Stage st = Fixtures.Stage.of(t);
            if (st.activityClosed() != null) {
              fx.respondDecision(token, Fixtures.completeWorkflow());
              completed.increment();
            } else if (!st.scheduled()) {
              fx.respondDecision(token, Fixtures.scheduleActivity(id, activities, "3600"));
              match.accept(id, new long[] {System.nanoTime(), -1});
            } else {
              fx.respondDecision(token);
            }
          });
      // let the pollers park before the first task is scheduled
      Thread.sleep(500);
      if (s.warmupNanos(name()) > 0) {
        ctx.log("warming up for %.0f s (not measured)", s.warmupSeconds(name()));
        Pacer.run(
            "dispatch-warmup",
            rate,
            s.warmupNanos(name()),
            8,
            r,
            n -> fx.start("dp-warmup-" + n, decisions));
      }
      lat.reset();
      dispatched.reset();
      early.reset();
      completed.reset();
      ctx.probe.reset();
      ctx.measureStart();
      o =
          Pacer.run(
              "dispatch-starter",
              rate,
              s.durationNanos(name()),
              8,
              r,
              n -> fx.start("dp-" + n, decisions));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (dispatched.sum() < o.issued() && System.nanoTime() < deadline) Thread.sleep(20);
      ctx.peaks(r);
    }
    r.operation = "dispatched activity task";
    r.operations = dispatched.sum();
    r.seconds = o.seconds();
    r.latency = lat.summary();
    r.latencyOf =
        "RespondDecisionTaskCompleted answered → PollForActivityTask answered with the task (client clock)";
    r.extra.put("warmupSeconds", s.warmupSeconds(name()));
    r.extra.put("targetRatePerSecond", rate);
    r.extra.put("startsIssued", o.issued());
    r.extra.put("startsSkipped", o.skipped());
    r.extra.put("workflowsCompleted", completed.sum());
    r.extra.put("deliveredBeforeDecisionAnswer", early.sum());
    if (early.sum() > 0) {
      r.notes.add(
          early.sum()
              + " tasks reached their poller before the scheduling decision's answer reached the decider (counted as 0 ms)");
    }
    if (o.skipped() > 0)
      r.notes.add(
          o.skipped() + " starts were skipped: the starters could not keep up with the rate");
    return r;
  }
}
