package io.swfd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * What swfd reports at {@code GET /metrics} (Prometheus text format): requests and latency per
 * operation, commit batch sizes and latency, timer lateness, how tasks reached pollers, open runs,
 * parked polls per task list, and the JVM's threads and memory.
 */
public final class SwfdMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DistributionSummary batchSize;
  private final Timer commitLatency;
  private final DistributionSummary timerLateness;
  private final Counter handedFromMemory;
  private final Counter handedFromBacklog;

  public SwfdMetrics() {
    new JvmThreadMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    batchSize =
        DistributionSummary.builder("swfd.commit.batch.size")
            .description("writes sharing one durable commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    commitLatency =
        Timer.builder("swfd.commit.latency")
            .description("time of one durable commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    timerLateness =
        DistributionSummary.builder("swfd.timer.lateness.ms")
            .description("how late deadlines fired")
            .baseUnit("milliseconds")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    handedFromMemory =
        Counter.builder("swfd.tasks.handed.over")
            .tag("source", "waiting_poller")
            .description("tasks handed straight to a parked poller")
            .register(registry);
    handedFromBacklog =
        Counter.builder("swfd.tasks.handed.over")
            .tag("source", "backlog")
            .description("tasks a poll took from the backlog")
            .register(registry);
  }

  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

  public void request(String operation, int status, long nanos) {
    String op = operation == null ? "unknown" : operation;
    // the hot path: one map lookup, not a registry lookup, per request
    requestTimers
        .computeIfAbsent(
            op + ' ' + status,
            k ->
                Timer.builder("swfd.requests")
                    .tags("operation", op, "status", String.valueOf(status))
                    .publishPercentiles(0.5, 0.99)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void commit(int writes, long nanos) {
    batchSize.record(writes);
    commitLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void timerFired(long lateMillis) {
    timerLateness.record((double) Math.max(0, lateMillis));
  }

  public void handedOver(boolean toWaitingPoller) {
    (toWaitingPoller ? handedFromMemory : handedFromBacklog).increment();
  }

  public <T> void gauge(String name, String description, T target, ToDoubleFunction<T> value) {
    Gauge.builder(name, target, value).description(description).register(registry);
  }

  /**
   * A counter kept elsewhere (read at every scrape), e.g. {@code swfd.cluster.lease.changes} with
   * {@code tags} "change", "gained".
   */
  public <T> void counter(
      String name, String description, T target, ToDoubleFunction<T> value, String... tags) {
    FunctionCounter.builder(name, target, value)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private MultiGauge parkedPerList;
  private Supplier<Map<String, Integer>> parkedSource = Map::of;

  /** Parked polls per task list, read at every scrape. */
  public void parkedPolls(Supplier<Map<String, Integer>> perList) {
    parkedSource = perList;
    parkedPerList =
        MultiGauge.builder("swfd.polls.parked")
            .description("long polls waiting, per task list")
            .register(registry);
    Gauge.builder(
            "swfd.polls.waiting",
            () -> parkedSource.get().values().stream().mapToInt(Integer::intValue).sum())
        .description("long polls waiting, all task lists")
        .register(registry);
  }

  public String scrape() {
    if (parkedPerList != null) {
      parkedPerList.register(
          parkedSource.get().entrySet().stream()
              .map(e -> MultiGauge.Row.of(Tags.of("task_list", e.getKey()), e.getValue()))
              .toList(),
          true);
    }
    return registry.scrape();
  }

  public List<String> names() {
    return registry.getMeters().stream().map(m -> m.getId().getName()).distinct().toList();
  }
}
