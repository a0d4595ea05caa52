package io.swfd.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * An open-loop load: calls an action at a steady rate, on a few threads. When the threads cannot
 * keep up the extra calls are skipped and counted (the rate is not silently lowered).
 */
final class Pacer {
  record Outcome(long issued, long skipped, double seconds) {}

  private Pacer() {}

  static Outcome run(
      String name,
      double ratePerSecond,
      long nanos,
      int threads,
      ScenarioResult result,
      LongConsumer action)
      throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(16, threads * 8)),
            r -> {
              Thread t = new Thread(r, "bench-" + name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    long interval = (long) (1e9 / ratePerSecond);
    long start = System.nanoTime();
    long end = start + nanos;
    long issued = 0;
    long skipped = 0;
    try {
      for (long i = 0; ; i++) {
        long at = start + i * interval;
        if (at >= end) break;
        long wait = at - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
        if (Thread.interrupted()) throw new InterruptedException();
        long seq = i;
        try {
          pool.execute(
              () -> {
                try {
                  action.accept(seq);
                } catch (SwfHttpClient.SwfCallException e) {
                  result.error(e.op + ":" + e.type, e.getMessage());
                } catch (RuntimeException e) {
                  result.error(e.getClass().getSimpleName(), String.valueOf(e));
                }
              });
          issued++;
        } catch (RejectedExecutionException e) {
          skipped++;
        }
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
    return new Outcome(issued, skipped, (System.nanoTime() - start) / 1e9);
  }
}
