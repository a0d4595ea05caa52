package io.swfd.timers;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told to. Tests (and servers started with time control) run on it so
 * that a one-hour timeout fires the moment the clock is advanced an hour.
 */
public final class ManualClock implements InstantSource {
  private volatile Instant now;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  public synchronized void advance(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("time only moves forward");
    now = now.plus(d);
    listeners.forEach(Runnable::run);
  }

  /** Called after every move of the clock (the timer service re-checks its deadlines). */
  public void onAdvance(Runnable listener) {
    listeners.add(listener);
  }
}
