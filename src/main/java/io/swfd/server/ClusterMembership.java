package io.swfd.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.cluster.Forwarder;
import io.swfd.cluster.LeaseManager;
import io.swfd.cluster.Shards;
import io.swfd.engine.Runs;
import io.swfd.metrics.SwfdMetrics;
import io.swfd.store.Fence;
import io.swfd.store.MetaStore;
import io.swfd.store.ShardLeases;
import io.swfd.store.postgres.PostgresDatabase;
import io.swfd.store.postgres.PostgresShardLeases;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A node's membership of a cluster on PostgreSQL: its registration and shard leases ({@link
 * LeaseManager}), what {@code GET /health} says of them (the node, the shards it owns, every node
 * and every shard's owner as last read) and their metrics ({@code swfd_cluster_*}). The number of
 * shards is stored in the database the first time a node starts on it ({@code meta} "shard-count").
 */
final class ClusterMembership implements AutoCloseable {
  /**
   * How often a node renews its registration and leases ({@code -Dswfd.cluster.renewSeconds}, for
   * tests that need a node slow to notice a lost lease).
   */
  static final Duration RENEW_EVERY =
      Duration.ofSeconds(Integer.getInteger("swfd.cluster.renewSeconds", 2));

  /** How long a lease lasts without renewal ({@code -Dswfd.cluster.leaseSeconds}). */
  static final Duration LEASE_TIME =
      Duration.ofSeconds(Integer.getInteger("swfd.cluster.leaseSeconds", 10));

  /**
   * How long a task another node scheduled waits before polls parked here may take it, so that the
   * scheduling node (normally its run's owner, which serves the run from memory) hands it out first
   * ({@code -Dswfd.cluster.ownerFirstMillis}; none by default: the other nodes' backlogs and counts
   * of pending tasks would lag that long behind, and the gain measured was small).
   */
  static Duration ownerFirst() {
    if (!ownedInMemory()) return Duration.ZERO;
    return Duration.ofMillis(Long.getLong("swfd.cluster.ownerFirstMillis", 0));
  }

  /**
   * Whether a node serves the runs of its shards from memory ({@code
   * -Dswfd.cluster.ownedInMemory=false}: every run read from the store, as before issue 14).
   */
  static boolean ownedInMemory() {
    return !"false".equalsIgnoreCase(System.getProperty("swfd.cluster.ownedInMemory", "true"));
  }

  /** How long an owner may take to answer a forwarded call. */
  static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

  private final LeaseManager leases;
  private final Forwarder forwarder;

  private ClusterMembership(LeaseManager leases, Forwarder forwarder) {
    this.leases = leases;
    this.forwarder = forwarder;
  }

  /** The cluster's secret (shared through the database), for the internal channel. */
  static String secret(MetaStore meta) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return meta.getOrCreate("cluster-secret", java.util.HexFormat.of().formatHex(fresh));
  }

  /** Joins the cluster of {@code db} as the node reachable at {@code endpoint}. */
  static ClusterMembership join(
      PostgresDatabase db,
      MetaStore meta,
      String endpoint,
      SwfdMetrics metrics,
      String secret,
      LeaseManager.Listener listener) {
    int count =
        Integer.parseInt(meta.getOrCreate("shard-count", String.valueOf(Shards.DEFAULT_COUNT)));
    String address = reachable(endpoint);
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String node =
        address.replaceFirst("^https?://", "") + "/" + java.util.HexFormat.of().formatHex(random);
    ShardLeases store = new PostgresShardLeases(db);
    LeaseManager m =
        new LeaseManager(store, node, address, new Shards(count), RENEW_EVERY, LEASE_TIME)
            .listener(listener);
    metrics.gauge("swfd.cluster.shards.owned", "shards this node owns", m, x -> x.owned().size());
    metrics.gauge("swfd.cluster.nodes", "live nodes of the cluster", m, x -> x.nodes().size());
    metrics.counter(
        "swfd.cluster.lease.changes",
        "shard leases this node took or lost",
        m,
        LeaseManager::gained,
        "change",
        "gained");
    metrics.counter(
        "swfd.cluster.lease.changes",
        "shard leases this node took or lost",
        m,
        LeaseManager::lost,
        "change",
        "lost");
    metrics.counter(
        "swfd.cluster.commits.fenced",
        "commits refused because another node took their shard",
        m,
        LeaseManager::fenced);
    metrics.counter(
        "swfd.cluster.lease.rounds.failed",
        "lease renewals that could not reach the database",
        m,
        LeaseManager::failedRounds);
    Forwarder f = new Forwarder(secret, node, FORWARD_TIMEOUT);
    metrics.counter(
        "swfd.cluster.forwards",
        "calls sent on to the node that owns them",
        f,
        Forwarder::answered,
        "outcome",
        "answered");
    metrics.counter(
        "swfd.cluster.forwards",
        "calls sent on to the node that owns them",
        f,
        Forwarder::failed,
        "outcome",
        "failed");
    m.start();
    return new ClusterMembership(m, f);
  }

  /** The endpoint with a host other nodes can reach when the server listens on every address. */
  static String reachable(String endpoint) {
    java.net.URI u = java.net.URI.create(endpoint);
    String host = u.getHost();
    if (host == null
        || host.equals("0.0.0.0")
        || host.equals("::")
        || host.equals("[::]")
        || host.equals("0:0:0:0:0:0:0:0")) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    return u.getScheme() + "://" + host + ":" + u.getPort();
  }

  LeaseManager leases() {
    return leases;
  }

  /**
   * The shards this node owns as the engine sees them ({@link Runs#own}): their runs are served
   * from memory, written under the shard's fence. A shard whose commit was fenced is no longer
   * served from memory at once (before the lease thread has dropped it).
   */
  Runs.Ownership ownership() {
    int count = leases.shards().count();
    AtomicReferenceArray<Fence> fences = new AtomicReferenceArray<>(count);
    AtomicLongArray refused = new AtomicLongArray(count);
    for (int i = 0; i < count; i++) refused.set(i, -1);
    return new Runs.Ownership() {
      @Override
      public int shardOf(String region, String domain, String workflowId) {
        return leases.shards().ofRun(region, domain, workflowId);
      }

      @Override
      public Fence fence(int shard) {
        long epoch = leases.epoch(shard);
        if (epoch < 0 || refused.get(shard) == epoch) return null;
        Fence f = fences.get(shard);
        if (f == null || f.epoch() != epoch) {
          f = new Fence(leases.node(), shard, epoch);
          fences.set(shard, f);
        }
        return f;
      }

      @Override
      public void fenced(int shard, long epoch) {
        refused.set(shard, epoch);
        leases.fencedOut(shard, epoch);
      }
    };
  }

  /**
   * Whether calls about one execution go to its shard's owner, which serves it from memory: yes
   * unless the system property {@code swfd.cluster.forwarding=false} says no (then every node
   * serves every call itself, reading the runs of other nodes' shards from the store).
   */
  static boolean forwardingEnabled() {
    return !"false".equalsIgnoreCase(System.getProperty("swfd.cluster.forwarding", "true"));
  }

  /**
   * Routes the calls about one execution to the owner of its shard ({@link ClusterRouter});
   * RespondDecisionTaskCompleted too unless {@code accessChecked} (its decisions' checks need the
   * caller, whom the internal channel does not carry).
   */
  io.swfd.api.Router router(io.swfd.store.RunStore store, boolean accessChecked) {
    return new ClusterRouter(leases, forwarder, store, !accessChecked);
  }

  /** The {@code cluster} part of {@code GET /health}. */
  ObjectNode health() {
    ObjectNode o = Json.object();
    ObjectNode c = o.putObject("cluster");
    c.put("node", leases.node());
    c.put("address", leases.address());
    c.put("shardCount", leases.shards().count());
    ArrayNode owned = c.putArray("ownedShards");
    for (int s : leases.owned().keySet()) owned.add(s);
    c.put(
        "taskLists",
        "a task list belongs to the shard of hash(region, domain, kind, name): this node owns the"
            + " task lists of its shards");
    ArrayNode nodes = c.putArray("nodes");
    for (ShardLeases.Node n : leases.nodes()) {
      nodes
          .addObject()
          .put("id", n.id())
          .put("address", n.address())
          .put("heartbeatAt", n.heartbeatAt());
    }
    ArrayNode shards = c.putArray("shards");
    for (ShardLeases.Lease l : leases.leases()) {
      ObjectNode s = shards.addObject().put("shard", l.shard()).put("epoch", l.epoch());
      if (l.owner() != null) {
        s.put("owner", l.owner()).put("address", l.address()).put("expiresAt", l.expiresAt());
      }
    }
    return o;
  }

  /** Hands every shard over at once and leaves the cluster. */
  @Override
  public void close() {
    leases.close();
  }
}
