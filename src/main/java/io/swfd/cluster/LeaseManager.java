package io.swfd.cluster;

import io.swfd.store.ShardLeases;
import io.swfd.store.ShardLeases.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's shard leases. Every {@code renewEvery} (2 s by default) a round: the node renews its
 * registration and the leases it holds (a lease whose epoch moved on is lost: another node took
 * it), counts the live nodes (heartbeat within the lease time) and moves towards its fair share
 * (the shards divided by the live nodes, rounded up): it gives up the shards above its share (so a
 * node that joins finds them free) and takes free or expired ones below it. On {@link #close} (a
 * clean stop, SIGTERM) it gives every shard up at once, so the others take them in their next round
 * rather than after the lease time.
 *
 * <p>A node that cannot reach the database cannot renew: once its leases may have ended (the lease
 * time since the start of its last successful renewal, less one round for safety) it drops every
 * shard rather than serve what may be stale; it takes shards again once the database answers.
 * Whatever it does, the database's fencing check (the epoch in every commit) is what makes it safe:
 * dropping early only spares clients answers that would fail anyway.
 *
 * <p>The {@link Listener} hears of every shard gained (after the lease is taken: load its runs) and
 * lost (before a lease is given up: stop serving it), on the lease thread, one at a time.
 */
public final class LeaseManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseManager.class);

  /** What the node does when it gains or loses a shard. */
  public interface Listener {
    void gained(int shard, long epoch);

    void lost(int shard);

    Listener NONE =
        new Listener() {
          @Override
          public void gained(int shard, long epoch) {}

          @Override
          public void lost(int shard) {}
        };
  }

  private final ShardLeases leases;
  private final String node;
  private final String address;
  private final Shards shards;
  private final Duration renewEvery;
  private final Duration leaseTime;
  private volatile Listener listener = Listener.NONE;

  /** The shards held, with the lease they are held under (changed on the lease thread only). */
  private final Map<Integer, Lease> held = new ConcurrentHashMap<>();

  /** Until when (System.nanoTime) the held leases are surely valid. */
  private volatile long validUntilNanos;

  /** Every shard's lease as last read (for routing and the operator). */
  private volatile List<Lease> view = List.of();

  private volatile List<ShardLeases.Node> liveNodes = List.of();

  private final AtomicLong gainedCount = new AtomicLong();
  private final AtomicLong lostCount = new AtomicLong();
  private final AtomicLong fencedCount = new AtomicLong();
  private final AtomicLong failedRounds = new AtomicLong();
  private long lastFailureLog;

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "swfd-leases");
            t.setDaemon(true);
            return t;
          });

  public LeaseManager(
      ShardLeases leases,
      String node,
      String address,
      Shards shards,
      Duration renewEvery,
      Duration leaseTime) {
    if (leaseTime.compareTo(renewEvery.multipliedBy(2)) < 0)
      throw new IllegalArgumentException("the lease time must be at least two renewal rounds");
    this.leases = leases;
    this.node = node;
    this.address = address;
    this.shards = shards;
    this.renewEvery = renewEvery;
    this.leaseTime = leaseTime;
  }

  /** Sets who hears of gained and lost shards (before {@link #start}). */
  public LeaseManager listener(Listener l) {
    this.listener = l == null ? Listener.NONE : l;
    return this;
  }

  /** Sets up the shards' rows, runs a first round now and then one every {@code renewEvery}. */
  public LeaseManager start() {
    leases.ensureShards(shards.count());
    var unused =
        thread.scheduleWithFixedDelay(
            this::roundQuietly, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  public String node() {
    return node;
  }

  public String address() {
    return address;
  }

  public Shards shards() {
    return shards;
  }

  /** The epoch this node holds {@code shard} under, or -1 if it does not (surely) hold it. */
  public long epoch(int shard) {
    Lease l = held.get(shard);
    if (l == null || System.nanoTime() - validUntilNanos >= 0) return -1;
    return l.epoch();
  }

  public boolean owns(int shard) {
    return epoch(shard) >= 0;
  }

  /** The shards this node holds, with their epochs, in shard order. */
  public SortedMap<Integer, Long> owned() {
    SortedMap<Integer, Long> out = new TreeMap<>();
    if (System.nanoTime() - validUntilNanos >= 0) return out;
    for (Lease l : held.values()) out.put(l.shard(), l.epoch());
    return out;
  }

  /** The lease of {@code shard} as last read (its owner may have changed since). */
  public Lease lease(int shard) {
    List<Lease> v = view;
    return shard < v.size() && v.get(shard).shard() == shard ? v.get(shard) : null;
  }

  /** Every shard's lease as last read. */
  public List<Lease> leases() {
    return view;
  }

  /** The nodes alive at the last round. */
  public List<ShardLeases.Node> nodes() {
    return liveNodes;
  }

  public long gained() {
    return gainedCount.get();
  }

  public long lost() {
    return lostCount.get();
  }

  public long fenced() {
    return fencedCount.get();
  }

  public long failedRounds() {
    return failedRounds.get();
  }

  /**
   * A commit for {@code shard} was refused by the fencing check: another node owns it now. The
   * shard is dropped at once (on the lease thread; its runs are read from the store again if this
   * node takes it back).
   */
  public void fencedOut(int shard, long epoch) {
    fencedCount.incrementAndGet();
    if (!thread.isShutdown())
      thread.execute(
          () -> {
            Lease l = held.get(shard);
            if (l != null && l.epoch() == epoch) drop(shard);
          });
  }

  /** Runs one round now (tests; the schedule runs them otherwise) and waits for it. */
  public void roundNow() {
    try {
      thread.submit(this::round).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    }
  }

  private void roundQuietly() {
    try {
      round();
    } catch (RuntimeException e) {
      failedRounds.incrementAndGet();
      long now = System.currentTimeMillis();
      if (now - lastFailureLog > 10_000) {
        lastFailureLog = now;
        log.warn("renewing shard leases failed: {}", e.toString());
      }
      if (!held.isEmpty() && System.nanoTime() - validUntilNanos >= 0) {
        log.warn(
            "the leases of {} shards may have ended without renewal: dropping them", held.size());
        for (Integer s : new ArrayList<>(held.keySet())) drop(s);
      }
    }
  }

  /** One round (see the class comment); on the lease thread. */
  private void round() {
    long started = System.nanoTime();
    long now = leases.now();
    long until = now + leaseTime.toMillis();
    leases.heartbeat(node, address, now);
    if (!held.isEmpty()) {
      List<Lease> renewed = leases.renew(node, held.values(), until);
      Map<Integer, Lease> kept = new java.util.HashMap<>();
      for (Lease l : renewed) kept.put(l.shard(), l);
      for (Integer s : new ArrayList<>(held.keySet())) {
        if (!kept.containsKey(s)) {
          log.info("shard {} was taken by another node", s);
          drop(s);
        } else held.put(s, kept.get(s));
      }
    }
    // what this node holds is valid until a round less than the lease time from the renewal's start
    validUntilNanos = started + leaseTime.minus(renewEvery).toNanos();
    List<ShardLeases.Node> live = new ArrayList<>();
    for (ShardLeases.Node n : leases.nodes())
      if (n.heartbeatAt() > now - leaseTime.toMillis()) live.add(n);
    liveNodes = List.copyOf(live);
    int count = Math.max(1, live.size());
    int fair = (shards.count() + count - 1) / count;
    if (held.size() > fair) {
      // give up the highest shards above the share: a node that joined finds them free
      List<Integer> mine = new ArrayList<>(held.keySet());
      Collections.sort(mine, Collections.reverseOrder());
      for (int i = 0; i < held.size() - fair && i < mine.size(); ) {
        int s = mine.get(i++);
        Lease l = held.get(s);
        drop(s);
        leases.release(node, s, l.epoch());
      }
    }
    List<Lease> all = leases.leases();
    if (held.size() < fair) {
      List<Lease> free = new ArrayList<>();
      for (Lease l : all) if (l.free(now) && l.shard() < shards.count()) free.add(l);
      // nodes that look at once should not all go for the same shards
      Collections.shuffle(free);
      for (Lease l : free) {
        if (held.size() >= fair) break;
        var taken = leases.acquire(l.shard(), node, address, now, until);
        if (taken.isPresent()) {
          Lease t = taken.get();
          held.put(t.shard(), t);
          gainedCount.incrementAndGet();
          log.info("took shard {} (epoch {})", t.shard(), t.epoch());
          try {
            listener.gained(t.shard(), t.epoch());
          } catch (RuntimeException e) {
            log.warn("taking over shard {} failed; giving it up", t.shard(), e);
            drop(t.shard());
            leases.release(node, t.shard(), t.epoch());
          }
        }
      }
      all = leases.leases();
    }
    view = List.copyOf(all);
    if (Math.floorMod(now / renewEvery.toMillis(), 30) == 0)
      leases.forgetSilentSince(now - leaseTime.toMillis() * 30);
  }

  /** Stops serving a shard (its lease is given up or gone). */
  private void drop(int shard) {
    if (held.remove(shard) == null) return;
    lostCount.incrementAndGet();
    try {
      listener.lost(shard);
    } catch (RuntimeException e) {
      log.warn("dropping shard {} failed", shard, e);
    }
  }

  /** Gives every shard up at once and leaves the cluster (a clean stop). */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      for (Lease l : new ArrayList<>(held.values())) {
        drop(l.shard());
        leases.release(node, l.shard(), l.epoch());
      }
      leases.forget(node);
    } catch (RuntimeException e) {
      log.warn(
          "handing shard leases over at stop failed ({}); they end on their own", e.toString());
    }
  }
}
