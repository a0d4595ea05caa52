package io.swfd.store.postgres;

import static io.swfd.store.jdbc.Sql.bind;
import static io.swfd.store.jdbc.Sql.execute;

import io.swfd.store.FencedException;
import io.swfd.store.ShardLeases;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Shard leases in the {@code shard_leases} and {@code cluster_nodes} tables (schema V6). Every
 * change of a lease is one conditional {@code UPDATE}: taking a shard only if it is free (and with
 * the epoch one higher), renewing or releasing it only under the epoch it was taken with. A commit
 * checks its shard with {@link #fence}, which locks the lease row for share until the commit ends,
 * so a node taking the shard meanwhile waits for that commit and the commit after it is refused.
 */
public final class PostgresShardLeases implements ShardLeases {
  private final PostgresDatabase db;

  public PostgresShardLeases(PostgresDatabase db) {
    this.db = db;
  }

  /**
   * In a commit's transaction: refuses it ({@link FencedException}) unless {@code node} still owns
   * {@code shard} under {@code epoch}; the lease row stays locked (for share) until the commit
   * ends. An expired lease nobody took yet still counts: nobody else can have written.
   */
  public static void fence(Connection c, String node, int shard, long epoch) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM shard_leases WHERE shard=? AND owner=? AND epoch=? FOR SHARE")) {
      bind(ps, shard, node, epoch);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new FencedException(shard, epoch);
      }
    }
  }

  /**
   * {@link #fence} for several shards in one statement (a commit of many writes checks every shard
   * it writes with one round trip): locks their lease rows for share, in shard order (as lease
   * renewal locks them), and returns the fences that no longer hold, without throwing.
   */
  public static List<io.swfd.store.Fence> fenceAll(
      Connection c, Collection<io.swfd.store.Fence> fences) throws SQLException {
    Integer[] shards = new Integer[fences.size()];
    int i = 0;
    for (io.swfd.store.Fence f : fences) shards[i++] = f.shard();
    java.util.Map<Integer, String> owners = new java.util.HashMap<>();
    java.util.Map<Integer, Long> epochs = new java.util.HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT shard, owner, epoch FROM shard_leases WHERE shard = ANY(?) ORDER BY shard "
                + "FOR SHARE")) {
      ps.setArray(1, c.createArrayOf("integer", shards));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          owners.put(rs.getInt(1), rs.getString(2));
          epochs.put(rs.getInt(1), rs.getLong(3));
        }
      }
    }
    List<io.swfd.store.Fence> gone = new ArrayList<>();
    for (io.swfd.store.Fence f : fences) {
      Long epoch = epochs.get(f.shard());
      if (epoch == null || epoch != f.epoch() || !f.node().equals(owners.get(f.shard())))
        gone.add(f);
    }
    return gone;
  }

  @Override
  public long now() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public void ensureShards(int count) {
    db.write(
        c ->
            execute(
                c,
                "INSERT INTO shard_leases(shard) SELECT s FROM generate_series(0, ?) s "
                    + "ON CONFLICT (shard) DO NOTHING",
                count - 1));
  }

  @Override
  public void heartbeat(String node, String address, long now) {
    db.write(
        c ->
            execute(
                c,
                "INSERT INTO cluster_nodes(node_id, address, started_at, heartbeat_at) VALUES(?,?,?,?) "
                    + "ON CONFLICT (node_id) DO UPDATE SET address=EXCLUDED.address, "
                    + "heartbeat_at=EXCLUDED.heartbeat_at",
                node,
                address,
                now,
                now));
  }

  @Override
  public List<Node> nodes() {
    return db.read(
        c -> {
          List<Node> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT node_id, address, started_at, heartbeat_at FROM cluster_nodes "
                          + "ORDER BY node_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next())
              out.add(new Node(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
          }
          return out;
        });
  }

  @Override
  public void forget(String node) {
    db.write(c -> execute(c, "DELETE FROM cluster_nodes WHERE node_id=?", node));
  }

  @Override
  public void forgetSilentSince(long before) {
    db.write(c -> execute(c, "DELETE FROM cluster_nodes WHERE heartbeat_at < ?", before));
  }

  @Override
  public List<Lease> leases() {
    return db.read(
        c -> {
          List<Lease> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT shard, owner, owner_address, epoch, expires_at FROM shard_leases "
                          + "ORDER BY shard");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(lease(rs));
          }
          return out;
        });
  }

  private static Lease lease(ResultSet rs) throws SQLException {
    return new Lease(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5));
  }

  @Override
  public Optional<Lease> acquire(int shard, String node, String address, long now, long until) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE shard_leases SET owner=?, owner_address=?, epoch=epoch+1, expires_at=? "
                      + "WHERE shard=? AND (owner IS NULL OR expires_at <= ?) "
                      + "RETURNING shard, owner, owner_address, epoch, expires_at")) {
            bind(ps, node, address, until, shard, now);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(lease(rs)) : Optional.<Lease>empty();
            }
          }
        });
  }

  @Override
  public List<Lease> renew(String node, Collection<Lease> held, long until) {
    if (held.isEmpty()) return List.of();
    Integer[] shards = new Integer[held.size()];
    Long[] epochs = new Long[held.size()];
    int i = 0;
    for (Lease l : held) {
      shards[i] = l.shard();
      epochs[i++] = l.epoch();
    }
    return db.write(
        c -> {
          Array shardArray = c.createArrayOf("integer", shards);
          Array epochArray = c.createArrayOf("bigint", epochs);
          List<Lease> out = new ArrayList<>();
          // the rows are locked in shard order first, as a commit's fences lock them (for share):
          // an UPDATE over several rows locks them in no set order, and could deadlock with one
          try (PreparedStatement lock =
              c.prepareStatement(
                  "SELECT shard FROM shard_leases WHERE shard = ANY(?) ORDER BY shard "
                      + "FOR NO KEY UPDATE")) {
            lock.setArray(1, shardArray);
            try (ResultSet rs = lock.executeQuery()) {
              while (rs.next()) {
                // locked
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE shard_leases l SET expires_at=? FROM unnest(?::integer[], ?::bigint[]) "
                      + "AS h(shard, epoch) WHERE l.shard=h.shard AND l.epoch=h.epoch AND l.owner=? "
                      + "RETURNING l.shard, l.owner, l.owner_address, l.epoch, l.expires_at")) {
            ps.setLong(1, until);
            ps.setArray(2, shardArray);
            ps.setArray(3, epochArray);
            ps.setString(4, node);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) out.add(lease(rs));
            }
          }
          return out;
        });
  }

  @Override
  public void release(String node, int shard, long epoch) {
    db.write(
        c ->
            execute(
                c,
                "UPDATE shard_leases SET owner=NULL, owner_address=NULL, expires_at=0 "
                    + "WHERE shard=? AND owner=? AND epoch=?",
                shard,
                node,
                epoch));
  }

  @Override
  public boolean holds(String node, int shard, long epoch) {
    return db.read(
        c ->
            io.swfd.store.jdbc.Sql.count(
                    c,
                    "SELECT COUNT(*) FROM shard_leases WHERE shard=? AND owner=? AND epoch=?",
                    shard,
                    node,
                    epoch)
                > 0);
  }
}
