package io.swfd.timers;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The virtual clock of a server started with time control: tests move it explicitly, or let it skip
 * ahead by itself. With auto-skip on, whenever the server is idle (no request being handled, no
 * task waiting for a poller, no decision or activity task in progress) and a deadline lies ahead,
 * the clock jumps straight to it, as Temporal's time-skipping test server does.
 */
public final class TimeControl implements AutoCloseable {
  private final ManualClock clock;
  private final TimerService timers;
  private final BooleanSupplier idle;
  private final ScheduledExecutorService skipper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "swfd-time-skipper");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean autoSkip;
  private int quietChecks;

  public TimeControl(ManualClock clock, TimerService timers, BooleanSupplier idle) {
    this.clock = clock;
    this.timers = timers;
    this.idle = idle;
    skipper.scheduleWithFixedDelay(this::maybeSkip, 20, 20, TimeUnit.MILLISECONDS);
  }

  public Instant now() {
    return clock.instant();
  }

  public Instant advance(Duration d) {
    clock.advance(d);
    return clock.instant();
  }

  /**
   * Moves the clock and waits, up to {@code max}, until every deadline that became due has fired
   * and what it caused (timeouts, timer events, new decision tasks) is committed.
   *
   * @return whether that happened within {@code max}
   */
  public boolean advanceAndSettle(Duration d, Duration max) {
    clock.advance(d);
    long until = System.nanoTime() + max.toNanos();
    while (!timers.settled()) {
      if (System.nanoTime() - until > 0) return false;
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  public boolean autoSkip() {
    return autoSkip;
  }

  public void autoSkip(boolean on) {
    autoSkip = on;
  }

  /**
   * Skips only after the server has been idle for a few checks in a row, so work just handed out
   * can start.
   */
  private synchronized void maybeSkip() {
    if (!autoSkip || !idle.getAsBoolean()) {
      quietChecks = 0;
      return;
    }
    if (++quietChecks < 3) return;
    Instant next = timers.nextDue();
    if (next != null && next.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), next));
      quietChecks = 0;
    }
  }

  @Override
  public void close() {
    skipper.shutdownNow();
  }
}
