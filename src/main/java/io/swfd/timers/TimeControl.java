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
    var unused = skipper.scheduleWithFixedDelay(this::maybeSkip, 20, 20, TimeUnit.MILLISECONDS);
  }

  public Instant now() {
    return clock.instant();
  }

  public Instant advance(Duration d) {
    clock.advance(d);
    return clock.instant();
  }

  /**
   * Moves the clock forward by {@code d} the way time would have passed: deadline by deadline. The
   * clock stops at each deadline that falls inside the jump, in due order, until what fired there
   * (timeouts, timer events, new decision tasks, deadlines it armed or disarmed) is committed, so
   * each event carries the time at which it was due, and a deadline made moot by an earlier one
   * (its run closed) no longer fires. Answers once the clock is at its new time and everything due
   * by then has fired.
   *
   * @return whether that happened within {@code max} (if not, the clock is moved to its new time at
   *     once and the deadlines still due fire late)
   */
  public synchronized boolean advanceAndSettle(Duration d, Duration max) {
    if (d.isNegative()) throw new IllegalArgumentException("time only moves forward");
    Instant target = clock.instant().plus(d);
    long until = System.nanoTime() + max.toNanos();
    while (settle(until)) {
      Instant next = timers.nextDue();
      if (next == null || next.isAfter(target)) break;
      if (next.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), next));
    }
    if (target.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), target));
    return settle(until);
  }

  /** Waits until every deadline due by now has fired; false when {@code until} passed first. */
  private boolean settle(long until) {
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
   * can start, and only once what the last skip made due has fired: the clock stops at each
   * deadline, so every event carries the time at which it was due.
   */
  private synchronized void maybeSkip() {
    if (!autoSkip || !idle.getAsBoolean() || !timers.settled()) {
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
