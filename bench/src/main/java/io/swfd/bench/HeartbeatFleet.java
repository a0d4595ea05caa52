package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many started activity tasks to heartbeat: starts {@code tasks} workflows, lets a decider schedule
 * one activity each (heartbeat timeout one hour) and polls them all, keeping their task tokens.
 */
final class HeartbeatFleet {
  final Fixtures fx;
  final List<String> tokens;
  final List<String> workflowIds;
  final double setupSeconds;

  private HeartbeatFleet(
      Fixtures fx, List<String> tokens, List<String> workflowIds, double setupSeconds) {
    this.fx = fx;
    this.tokens = tokens;
    this.workflowIds = workflowIds;
    this.setupSeconds = setupSeconds;
  }

  static HeartbeatFleet prepare(BenchContext ctx, String domain, int tasks, ScenarioResult result)
      throws Exception {
    long t0 = System.nanoTime();
    SwfHttpClient c = ctx.client;
    Fixtures fx = Fixtures.register(c, domain, true);
    String decisions = "hb-decisions";
    String activities = "hb-activities";
    ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger tokenCount = new AtomicInteger();
    int n = Math.max(2, Math.min(8, ctx.settings.clients));
    try (Workers w = new Workers(result)) {
      w.spawn(
          "hb-decider",
          n,
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForDecisionTask", fx.pollDecision(decisions, "decider-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            String id = t.path("workflowExecution").path("workflowId").asText();
            if (!Fixtures.Stage.of(t).scheduled()) {
              fx.respondDecision(
                  t.get("taskToken").asText(), Fixtures.scheduleActivity(id, activities, "3600"));
            } else {
              fx.respondDecision(t.get("taskToken").asText());
            }
          });
      w.spawn(
          "hb-collector",
          n,
          i -> {
            JsonNode t =
                w.longPoll(c, "PollForActivityTask", fx.pollActivity(activities, "collector-" + i));
            if (t == null || t.path("taskToken").asText("").isEmpty()) return;
            tokens.add(t.get("taskToken").asText());
            tokenCount.incrementAndGet();
          });
      w.spawn(
          "hb-starter",
          n,
          i -> {
            int k = next.getAndIncrement();
            if (k >= tasks) {
              Thread.sleep(20);
              return;
            }
            String id = "hb-" + k;
            fx.start(id, decisions);
            ids.add(id);
          });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, tasks / 5));
      long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tokenCount.get() < tasks && System.nanoTime() < deadline) {
        Thread.sleep(20);
        if (System.nanoTime() > nextLog) {
          ctx.log("setup: %d/%d activity tasks started", tokenCount.get(), tasks);
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
    return new HeartbeatFleet(fx, list, new ArrayList<>(ids), (System.nanoTime() - t0) / 1e9);
  }

  /** Terminates the fleet's workflows (only worth it on a server that outlives the benchmark). */
  void terminateAll(int threads) throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "bench-terminate");
              t.setDaemon(true);
              return t;
            });
    for (String id : workflowIds) {
      pool.execute(
          () -> {
            try {
              fx.terminate(id);
            } catch (RuntimeException ignored) {
              // already closed
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
  }
}
