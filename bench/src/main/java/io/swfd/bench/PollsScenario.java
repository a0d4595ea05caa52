package io.swfd.bench;

import io.swfd.matching.TaskListKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Parked polls: opens many concurrent PollForActivityTask requests on empty task lists, waits until
 * they are all parked, counts the server's threads and memory, then lets them run out their hold.
 * Each poll is its own HTTP connection, so the client needs one descriptor per poll and an
 * in-process server another: {@code ulimit -n} can cap the count, which is reported.
 */
final class PollsScenario implements Scenario {
  /** swfd's limit of concurrent pollers per task list (see TaskQueues.MAX_POLLERS_PER_LIST). */
  static final int SWFD_PER_LIST_LIMIT = 1000;

  @Override
  public String name() {
    return "polls";
  }

  /** Thousands of parked polls need asynchronous calls: always the JDK client. */
  @Override
  public SwfHttpClient.Transport transport(SwfHttpClient.Transport chosen) {
    return SwfHttpClient.Transport.JDK;
  }

  private static int requested(Settings s) {
    return s.quick ? Math.min(s.polls, 200) : s.polls;
  }

  @Override
  public String describe(BenchContext ctx) {
    Settings s = ctx.settings;
    return String.format(
        "%d concurrent PollForActivityTask on %d empty task lists; server threads and memory while parked",
        requested(s), s.pollLists);
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    Settings s = ctx.settings;
    SwfHttpClient c = ctx.client;
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    Fixtures fx = Fixtures.register(c, ctx.name("polls"), false);
    int lists = Math.max(1, s.pollLists);
    int n = requested(s);
    long limit = ServerProbe.openFilesLimit();
    long open = ServerProbe.openFiles();
    int perPoll = ctx.server != null ? 2 : 1;
    r.extra.put("pollsRequested", n);
    r.extra.put("openFilesLimit", limit == Long.MAX_VALUE ? "unlimited" : limit);
    if (limit > 0 && open >= 0) {
      long budget = (limit - open - 256) / perPoll;
      if (n > budget) {
        r.notes.add(
            String.format(
                "ulimit -n is %d and %d descriptors are open: %s, so only %d polls fit "
                    + "(raise ulimit -n, or run the server as its own process and use --endpoint)",
                limit,
                open,
                perPoll == 2
                    ? "the in-process server and the client each need one per poll"
                    : "the client needs one per poll",
                budget));
        n = (int) Math.max(0, budget);
      }
    }
    int perList = (n + lists - 1) / lists;
    if (perList > SWFD_PER_LIST_LIMIT) {
      r.notes.add(
          perList
              + " polls per list is over swfd's limit of "
              + SWFD_PER_LIST_LIMIT
              + " concurrent pollers per task list; expect LimitExceededFault (use more --poll-lists)");
    }
    r.extra.put("pollsRun", n);
    r.extra.put("taskLists", lists);
    ctx.probe.reset();
    ctx.measureStart();
    ServerProbe.Sample before = ctx.probe.sample();
    Latencies lat = new Latencies();
    LongAdder answered = new LongAdder();
    LongAdder gotTask = new LongAdder();
    AtomicLong lastAnswer = new AtomicLong();
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    long overflows0 = ServerProbe.listenOverflows();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long sent = System.nanoTime();
      CompletableFuture<?> f =
          c.callAsync("PollForActivityTask", fx.pollActivity("idle-" + (i % lists), "parker-" + i))
              .whenComplete(
                  (res, err) -> {
                    long now = System.nanoTime();
                    lastAnswer.accumulateAndGet(now, Math::max);
                    if (err != null) {
                      Throwable e = err.getCause() != null ? err.getCause() : err;
                      r.error(
                          e instanceof SwfHttpClient.SwfCallException x
                              ? x.op + ":" + x.type
                              : e.getClass().getSimpleName(),
                          String.valueOf(e));
                      return;
                    }
                    lat.record(now - sent);
                    answered.increment();
                    if (!res.path("taskToken").asText("").isEmpty()) gotTask.increment();
                  });
      futures.add(f);
      // about 2,000 new connections a second: a faster burst overflows small listen queues
      if (i % 100 == 99) Thread.sleep(50);
    }
    double launchSeconds = (System.nanoTime() - t0) / 1e9;
    r.extra.put("secondsToSend", ScenarioResult.round(launchSeconds));
    long parked = -1;
    if (ctx.server != null) {
      long holdMs = ctx.pollHold == null ? 20_000 : ctx.pollHold.toMillis();
      long deadline =
          Math.max(
              t0 + TimeUnit.MILLISECONDS.toNanos(holdMs - 1_500),
              System.nanoTime() + 1_000_000_000L);
      while (true) {
        parked = parkedOnServer(ctx, fx.domain, lists);
        if (parked >= n - r.errors || System.nanoTime() >= deadline) break;
        Thread.sleep(20);
      }
      if (parked < n - r.errors) {
        r.notes.add(
            "only "
                + parked
                + " of "
                + n
                + " polls were parked at once (sending them took "
                + ScenarioResult.round(launchSeconds)
                + " s of a "
                + holdMs / 1000
                + " s hold)");
      }
      r.extra.put("parkedOnServer", parked);
      r.extra.put("secondsToPark", ScenarioResult.round((System.nanoTime() - t0) / 1e9));
    } else {
      Thread.sleep(3_000);
    }
    long inFlight = futures.stream().filter(f -> !f.isDone()).count();
    ServerProbe.Sample at = ctx.probe.sample();
    r.extra.put("inFlightWhenMeasured", inFlight);
    r.extra.put("threadsWhenMeasured", at.threads());
    r.extra.put("threadsBefore", before.threads());
    r.extra.put("heapMbWhenMeasured", ScenarioResult.mb(at.heapBytes()));
    r.extra.put("rssMbWhenMeasured", ScenarioResult.mb(at.rssBytes()));
    r.extra.put("rssMbBefore", ScenarioResult.mb(before.rssBytes()));
    ctx.log(
        "%d polls in flight (%s parked on the server): server threads %s, heap %s MB, RSS %s MB",
        inFlight,
        parked < 0 ? "n/a" : String.valueOf(parked),
        at.threads(),
        ScenarioResult.mb(at.heapBytes()),
        ScenarioResult.mb(at.rssBytes()));
    long waitMs = (ctx.pollHold == null ? 65_000 : ctx.pollHold.toMillis()) + 30_000;
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(waitMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      long left = futures.stream().filter(f -> !f.isDone()).count();
      r.notes.add(
          left + " polls had no answer " + waitMs / 1000 + " s after being sent; abandoned");
      futures.forEach(f -> f.cancel(true));
    } catch (java.util.concurrent.ExecutionException e) {
      // counted per poll above
    }
    ctx.peaks(r);
    long overflows = ServerProbe.listenOverflows();
    if (overflows0 >= 0 && overflows >= 0) {
      r.extra.put("listenOverflows", overflows - overflows0);
      if (overflows > overflows0) {
        r.notes.add(
            (overflows - overflows0)
                + " connection attempts overflowed a listen queue on this machine while the "
                + "polls connected (TcpExt ListenOverflows): the server's accept backlog is too small for the burst");
      }
    }
    r.operation = "long poll answered (empty)";
    r.operations = answered.sum();
    r.seconds = Math.max(0, (lastAnswer.get() - t0) / 1e9);
    r.latency = lat.summary();
    r.latencyOf = "one PollForActivityTask on an empty list, sent → answered (the server's hold)";
    if (gotTask.sum() > 0) r.notes.add(gotTask.sum() + " polls unexpectedly received a task");
    return r;
  }

  private static long parkedOnServer(BenchContext ctx, String domain, int lists) {
    long sum = 0;
    for (int i = 0; i < lists; i++) {
      sum +=
          ctx.server
              .queues()
              .parked(new TaskListKey("us-east-1", domain, TaskListKey.Kind.ACTIVITY, "idle-" + i));
    }
    return sum;
  }
}
