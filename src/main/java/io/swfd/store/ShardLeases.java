package io.swfd.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Leases on the shards of a cluster (several swfd nodes on one database): which node owns which
 * shard, until when, and under which fencing epoch. The epoch grows by one every time a shard gets
 * a new owner, and every commit for a shard checks its owner and epoch in the same transaction, so
 * a node that lost a lease (paused, partitioned, slow) can never write to the shard again under it.
 * Times are epoch milliseconds of the database's clock ({@link #now()}), so that the nodes' own
 * clocks do not matter.
 */
public interface ShardLeases {
  /** A node of the cluster as registered. */
  record Node(String id, String address, long startedAt, long heartbeatAt) {}

  /**
   * A shard's lease.
   *
   * @param owner the owning node's id, or null when nobody owns it
   * @param address the owner's internal address (where other nodes forward its requests)
   * @param epoch the fencing epoch (grows on every change of owner)
   * @param expiresAt when the lease ends unless renewed
   */
  record Lease(int shard, String owner, String address, long epoch, long expiresAt) {
    public boolean heldBy(String node, long now) {
      return node.equals(owner) && expiresAt > now;
    }

    public boolean free(long now) {
      return owner == null || expiresAt <= now;
    }
  }

  /** The database's clock, in epoch milliseconds. */
  long now();

  /** Makes sure shards {@code 0..count-1} have a row (idempotent). */
  void ensureShards(int count);

  /** Registers the node or renews its heartbeat. */
  void heartbeat(String node, String address, long now);

  /** Every registered node (alive or not: compare {@link Node#heartbeatAt}). */
  List<Node> nodes();

  /** Removes the node's registration (it leaves the cluster). */
  void forget(String node);

  /** Removes the registrations of nodes whose heartbeat is older than {@code before}. */
  void forgetSilentSince(long before);

  /** Every shard's lease, by shard. */
  List<Lease> leases();

  /**
   * Takes {@code shard} for {@code node} if nobody holds it (no owner, or the lease ended at {@code
   * now}): a new epoch, the lease until {@code until}. Empty when another node holds it.
   */
  Optional<Lease> acquire(int shard, String node, String address, long now, long until);

  /**
   * Extends the leases {@code node} still holds among {@code held} (shard and the epoch it was
   * taken under) until {@code until}; returns the leases renewed. A shard left out was taken by
   * another node (its epoch moved on): this node must drop it at once.
   */
  List<Lease> renew(String node, Collection<Lease> held, long until);

  /**
   * Gives up a lease at once (another node may take it straight away); nothing when the epoch moved
   * on already.
   */
  void release(String node, int shard, long epoch);

  /** Whether {@code node} still owns {@code shard} under {@code epoch}. */
  boolean holds(String node, int shard, long epoch);
}
