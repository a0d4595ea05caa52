package io.swfd.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per account and API (SWF Developer Guide, 'Amazon SWF quotas', throttling quotas):
 * a bucket starts full, each call takes one token, tokens come back at the refill rate up to the
 * bucket size. Real time, even when the server runs on a virtual clock.
 */
public final class Throttler {
  private final ThrottlingConfig config;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public Throttler(ThrottlingConfig config) {
    this(config, System::nanoTime);
  }

  Throttler(ThrottlingConfig config, LongSupplier nanos) {
    this.config = config;
    this.nanos = nanos;
  }

  /** Takes a token for one call; false when the account's bucket for this API is empty. */
  public boolean tryAcquire(String account, String api) {
    ThrottlingConfig.Rate rate = config.rates().get(api);
    if (rate == null) return true;
    Bucket b =
        buckets.computeIfAbsent(account + "/" + api, k -> new Bucket(rate, nanos.getAsLong()));
    return b.take(nanos.getAsLong());
  }

  private static final class Bucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    Bucket(ThrottlingConfig.Rate rate, long now) {
      this.capacity = rate.bucket();
      this.perNano = rate.refillPerSecond() / 1e9;
      this.tokens = capacity;
      this.last = now;
    }

    synchronized boolean take(long now) {
      if (now > last) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }
  }
}
