package io.swfd.store.postgres;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.RunChange;
import io.swfd.run.RunState;
import io.swfd.run.StaleRunException;
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

  @Override
  public void commit(List<RunChange> writes) {
    List<RunChange> ordered = new ArrayList<>();
    writes.stream()
        .filter(w -> !w.isNew())
        .sorted(Comparator.comparingLong(w -> w.run().runPk))
        .forEach(ordered::add);
    writes.stream().filter(RunChange::isNew).forEach(ordered::add);
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
