package io.swfd.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every sample kept (nanoseconds), in one buffer per recording thread so recording takes no lock;
 * summarised by sorting once the recording threads have finished.
 */
final class Latencies {
  private static final class Buffer {
    long[] values = new long[4096];
    int size;
    int epoch;

    void add(long v, int current) {
      if (epoch != current) {
        epoch = current;
        size = 0;
      }
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }
  }

  /** Bumped by {@link #reset}: each recording thread drops its older samples at its next one. */
  private final AtomicInteger epoch = new AtomicInteger();

  private final ConcurrentLinkedQueue<Buffer> buffers = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Buffer> local =
      ThreadLocal.withInitial(
          () -> {
            Buffer b = new Buffer();
            buffers.add(b);
            return b;
          });

  void record(long nanos) {
    local.get().add(nanos, epoch.get());
  }

  /** Forgets the samples so far (the warm-up's). */
  void reset() {
    epoch.incrementAndGet();
  }

  /** Call only after the recording threads stopped (or accept a slightly stale view). */
  Summary summary() {
    int current = epoch.get();
    int n = 0;
    for (Buffer b : buffers) if (b.epoch == current) n += b.size;
    long[] all = new long[n];
    int i = 0;
    for (Buffer b : buffers) {
      if (b.epoch != current) continue;
      int s = Math.min(b.size, all.length - i);
      System.arraycopy(b.values, 0, all, i, s);
      i += s;
    }
    Arrays.sort(all, 0, i);
    return new Summary(i, ms(at(all, i, 0.50)), ms(at(all, i, 0.99)), ms(i == 0 ? 0 : all[i - 1]));
  }

  private static long at(long[] sorted, int n, double q) {
    if (n == 0) return 0;
    int idx = (int) Math.ceil(q * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, idx))];
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  /** Latency figures in milliseconds (microsecond resolution). */
  record Summary(long count, double p50Ms, double p99Ms, double maxMs) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("count", count);
      m.put("p50Ms", p50Ms);
      m.put("p99Ms", p99Ms);
      m.put("maxMs", maxMs);
      return m;
    }
  }
}
