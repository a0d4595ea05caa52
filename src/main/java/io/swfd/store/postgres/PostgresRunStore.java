package io.swfd.store.postgres;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.RunChange;
import io.swfd.run.RunState;
import io.swfd.run.StaleRunException;
import io.swfd.store.Fence;
import io.swfd.store.Lineage;
import io.swfd.store.StoreException;
import io.swfd.store.WorkflowIdInUseException;
import io.swfd.store.jdbc.JdbcRunStore;
import io.swfd.store.jdbc.RunSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs on PostgreSQL. A commit is one transaction on its own connection: existing runs are updated
 * only if their version is still the one read ({@link StaleRunException} otherwise, nothing
 * written), new runs are refused by the unique index on open workflowIds ({@link
 * WorkflowIdInUseException}). Concurrent commits of one run from several nodes serialize on its
 * row: the later one finds the version moved on. Existing runs are written in key order, so two
 * commits that touch the same two runs cannot deadlock.
 */
public final class PostgresRunStore extends JdbcRunStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String SERIALIZATION_FAILURE = "40001";
  private static final String DEADLOCK_DETECTED = "40P01";

  public PostgresRunStore(PostgresDatabase db) {
    super(db);
  }

  /**
   * Queued for the database's writer (group commit, see {@link PostgresDatabase#submit}): the
   * writes of a shard's owner, checked under their {@code fences} in the batch's transaction. A
   * conflict with another node's transaction (a deadlock or serialization failure) is a {@link
   * StaleRunException}: the unit of work is done again on the run as stored.
   */
  @Override
  public CompletableFuture<Void> commitQueued(
      List<RunChange> writes, List<Fence> fences, List<Lineage> lineages) {
    List<RunChange> ordered = ordered(writes);
    // JSON is made here, on the caller's thread, so that the one writer thread only runs SQL
    List<RunSql.Encoded> json = ordered.stream().map(RunSql.Encoded::of).toList();
    long first = writes.get(0).run().runPk;
    CompletableFuture<Void> done =
        db.submit(
            c -> {
              for (Lineage l : lineages) if (l.broken()) throw new StaleRunException(first);
              try {
                for (int i = 0; i < ordered.size(); i++)
                  RunSql.write(c, ordered.get(i), json.get(i), PostgresRunStore::insert);
              } catch (SQLException e) {
                lineages.forEach(Lineage::breakOff);
                if (SERIALIZATION_FAILURE.equals(e.getSQLState())
                    || DEADLOCK_DETECTED.equals(e.getSQLState()))
                  throw new StaleRunException(first);
                throw e;
              } catch (RuntimeException e) {
                lineages.forEach(Lineage::breakOff); // at once: a later write may be in this batch
                throw e;
              }
              return null;
            },
            fences);
    // fenced, or the batch's commit failed: before the writer takes up the next batch
    var unused =
        done.whenComplete(
            (ok, failed) -> {
              if (failed != null) lineages.forEach(Lineage::breakOff);
            });
    return done;
  }

  @Override
  public CompletableFuture<Void> commitQueued(List<RunChange> writes) {
    return commitQueued(writes, List.of(), List.of());
  }

  /** Existing runs in key order (two commits of the same runs cannot deadlock), then new ones. */
  private static List<RunChange> ordered(List<RunChange> writes) {
    List<RunChange> ordered = new ArrayList<>();
    writes.stream()
        .filter(w -> !w.isNew())
        .sorted(Comparator.comparingLong(w -> w.run().runPk))
        .forEach(ordered::add);
    writes.stream().filter(RunChange::isNew).forEach(ordered::add);
    return ordered;
  }

  @Override
  public void commit(List<RunChange> writes) {
    List<RunChange> ordered = ordered(writes);
    List<RunSql.Encoded> json = ordered.stream().map(RunSql.Encoded::of).toList();
    try {
      db.write(
          c -> {
            for (int i = 0; i < ordered.size(); i++)
              RunSql.write(c, ordered.get(i), json.get(i), PostgresRunStore::insert);
            return null;
          });
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException sql
          && (SERIALIZATION_FAILURE.equals(sql.getSQLState())
              || DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
        // the other transaction went through; this unit of work is retried on the new state
        throw new StaleRunException(writes.get(0).run().runPk);
      }
      throw e;
    }
  }

  private static long insert(Connection c, RunState s, String tags) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO runs(region,domain,workflow_id,run_id,type_name,type_version,status,close_status,start_ts,close_ts,"
                + "tags,version,state) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'{}') RETURNING run_pk")) {
      bind(
          ps,
          s.region,
          s.domain,
          s.workflowId,
          s.runId,
          s.typeName,
          s.typeVersion,
          s.status,
          s.closeStatus,
          s.startedAt,
          s.closedAt == 0 ? null : s.closedAt,
          tags,
          s.version);
      try (ResultSet keys = ps.executeQuery()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState()))
        throw new WorkflowIdInUseException(s.workflowId);
      throw e;
    }
  }
}
