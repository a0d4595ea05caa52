package io.swfd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Waits out a measured phase, reading a counter at the end of each window. */
final class Windows {
  record Measured(long count, double seconds, List<Double> perSecond) {}

  private Windows() {}

  /**
   * Lets the load run for the warm-up (JIT compilation, connection set-up, caches), then starts the
   * measurement: {@code forget} drops what the scenario recorded so far, and the server's CPU and
   * peaks are taken from here on.
   */
  static void warmUp(BenchContext ctx, String scenario, Runnable forget)
      throws InterruptedException {
    long nanos = ctx.settings.warmupNanos(scenario);
    if (nanos > 0) {
      ctx.log("warming up for %.0f s (not measured)", nanos / 1e9);
      Thread.sleep(nanos / 1_000_000);
    }
    forget.run();
    ctx.probe.reset();
    ctx.measureStart();
  }

  static Measured run(
      BenchContext ctx, long nanos, double windowSeconds, LongSupplier counter, String unit)
      throws InterruptedException {
    long window = (long) (windowSeconds * 1e9);
    long start = System.nanoTime();
    long end = start + nanos;
    long c0 = counter.getAsLong();
    long last = c0;
    long lastAt = start;
    List<Double> series = new ArrayList<>();
    while (true) {
      long next = Math.min(end, lastAt + window);
      long wait = next - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      long now = System.nanoTime();
      long c = counter.getAsLong();
      double secs = (now - lastAt) / 1e9;
      if (secs > windowSeconds * 0.2 || series.isEmpty()) {
        double rate = (c - last) / secs;
        series.add(rate);
        ctx.log("%6.1f s  %10.1f %s/s", (now - start) / 1e9, rate, unit);
      }
      last = c;
      lastAt = now;
      if (now >= end) return new Measured(c - c0, (now - start) / 1e9, series);
    }
  }
}
