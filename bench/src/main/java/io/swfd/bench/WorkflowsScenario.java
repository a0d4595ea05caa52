package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Short workflows at full speed: start → decision (schedule one activity) → worker completes it →
 * decision (complete the workflow), with pools of long-polling deciders and workers and a few
 * starters keeping a bounded number of workflows in flight. Reports completed workflows per second,
 * per window too, so a cost that grows as executions pile up shows as a falling series.
 */
final class WorkflowsScenario implements Scenario {
  @Override
  public String name() {
    return "workflows";
  }

  @Override
  public boolean operationsAreTheWholeLoad() {
    return true;
  }

  private static int deciders(Settings s) {
    return s.clients;
  }

  private static int workers(Settings s) {
    return s.clients;
  }

  private static int starters(Settings s) {
    return Math.max(2, s.clients / 4);
  }

  private static int inFlight(Settings s) {
    return s.inFlight != null ? s.inFlight : s.clients * 2;
  }

  @Override
  public String describe(BenchContext ctx) {
    Settings s = ctx.settings;
    return String.format(
        "start → decision → activity → decision → complete; %d deciders, %d workers, %d starters, "
            + "≤ %d workflows in flight, %.0f s%s",
        deciders(s),
        workers(s),
        starters(s),
        inFlight(s),
        s.durationNanos(name()) / 1e9,
        s.warmupNote(name()));
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    Settings s = ctx.settings;
    SwfHttpClient c = ctx.client;
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    Fixtures fx = Fixtures.register(c, ctx.name("workflows"), true);
    String decisions = "wf-decisions";
    String activities = "wf-activities";
    Semaphore permits = new Semaphore(inFlight(s));
    ConcurrentHashMap<String, Long> startedAt = new ConcurrentHashMap<>();
    AtomicLong seq = new AtomicLong();
    LongAdder completed = new LongAdder();
    LongAdder started = new LongAdder();
    LongAdder requests = new LongAdder();
    Latencies workflow = new Latencies();
    Latencies startLat = new Latencies();
    Latencies decideLat = new Latencies();
    Latencies activityLat = new Latencies();
    Windows.Measured m;
    try (Workers w = new Workers(r)) {
      w.spawn(
          "wf-decider",
          deciders(s),
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForDecisionTask", fx.pollDecision(decisions, "decider-" + i));
            requests.increment();
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            String token = t.get("taskToken").asText();
            String id = t.path("workflowExecution").path("workflowId").asText();
            Fixtures.Stage st = Fixtures.Stage.of(t);
            long t0 = System.nanoTime();
            if (st.activityClosed() != null) {
              fx.respondDecision(token, Fixtures.completeWorkflow());
              long now = System.nanoTime();
              requests.increment();
              decideLat.record(now - t0);
              Long s0 = startedAt.remove(id);
              if (s0 != null) {
                workflow.record(now - s0);
                completed.increment();
                permits.release();
              }
            } else if (!st.scheduled()) {
              fx.respondDecision(token, Fixtures.scheduleActivity(id, activities, "3600"));
              requests.increment();
              decideLat.record(System.nanoTime() - t0);
            } else {
              fx.respondDecision(token);
              requests.increment();
            }
          });
      w.spawn(
          "wf-worker",
          workers(s),
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForActivityTask", fx.pollActivity(activities, "worker-" + i));
            requests.increment();
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            long t0 = System.nanoTime();
            fx.completeActivity(t.get("taskToken").asText());
            requests.increment();
            activityLat.record(System.nanoTime() - t0);
          });
      w.spawn(
          "wf-starter",
          starters(s),
          i -> {
            if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) return;
            String id = "wf-" + seq.incrementAndGet();
            long t0 = System.nanoTime();
            startedAt.put(id, t0);
            try {
              fx.start(id, decisions);
            } catch (RuntimeException e) {
              startedAt.remove(id);
              permits.release();
              throw e;
            }
            requests.increment();
            startLat.record(System.nanoTime() - t0);
            started.increment();
          });
      Windows.warmUp(
          ctx,
          name(),
          () -> {
            for (Latencies l : new Latencies[] {workflow, startLat, decideLat, activityLat})
              l.reset();
            started.reset();
            requests.reset();
          });
      m = Windows.run(ctx, s.durationNanos(name()), s.windowSeconds, completed::sum, "workflows");
      ctx.peaks(r);
    }
    r.operation = "completed workflow";
    r.operations = m.count();
    r.seconds = m.seconds();
    r.windows = m.perSecond();
    r.windowSeconds = s.windowSeconds;
    r.latency = workflow.summary();
    r.latencyOf = "StartWorkflowExecution sent → CompleteWorkflowExecution decision answered";
    r.extra.put("warmupSeconds", s.warmupSeconds(name()));
    r.extra.put("workflowsStarted", started.sum());
    r.extra.put("requests", requests.sum());
    r.extra.put("requestsPerSecond", ScenarioResult.round(requests.sum() / m.seconds()));
    r.extra.put("StartWorkflowExecution", startLat.summary());
    r.extra.put("RespondDecisionTaskCompleted", decideLat.summary());
    r.extra.put("RespondActivityTaskCompleted", activityLat.summary());
    if (m.perSecond().size() >= 3) {
      // compare the second window with the last (without a warm-up the first one is the JIT's)
      double second = m.perSecond().get(1);
      double last = m.perSecond().get(m.perSecond().size() - 1);
      r.extra.put(
          "lastWindowVsSecond",
          second == 0 ? null : ScenarioResult.round(last / second * 100) / 100);
    }
    return r;
  }
}
