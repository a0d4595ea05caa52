package io.swfd.store.sqlite;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.HistoryEvent;
import io.swfd.run.RunChange;
import io.swfd.run.RunState;
import io.swfd.store.WorkflowIdInUseException;
import io.swfd.store.jdbc.JdbcRunStore;
import io.swfd.store.jdbc.RecentHistory;
import io.swfd.store.jdbc.RunSql;
import io.swfd.store.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Runs in the embedded SQLite file: commits go through its one writer (group commit). */
public final class SqliteRunStore extends JdbcRunStore {
  public SqliteRunStore(SqliteDatabase db) {
    super(db);
  }

  /** The histories of open runs as committed here (this store is their only writer). */
  private final RecentHistory recent = new RecentHistory();

  @Override
  public void commit(List<RunChange> writes) {
    try {
      db.write(work(writes, encode(writes)));
    } finally {
      // written outside the queue: what is kept of these runs may be behind now
      for (RunChange w : writes) recent.forget(w.run().runPk);
    }
  }

  /**
   * Queued for the one writer, which commits in queue order (group commit). The returned future
   * completes once the commit is durable and its events are among the kept histories.
   */
  @Override
  public CompletableFuture<Void> commitQueued(List<RunChange> writes) {
    List<RunSql.Encoded> json = encode(writes);
    return db.submit(work(writes, json))
        .whenComplete(
            (ok, failed) -> {
              for (int i = 0; i < writes.size(); i++) {
                RunChange w = writes.get(i);
                if (failed == null) recent.committed(w, w.run().runPk, json.get(i).attributes());
                else recent.forget(w.run().runPk);
              }
            });
  }

  @Override
  public List<HistoryEvent> events(
      long runPk, long afterEventId, long upToEventId, boolean reverse, int limit) {
    List<HistoryEvent> kept = recent.events(runPk, afterEventId, upToEventId, reverse, limit);
    return kept != null ? kept : super.events(runPk, afterEventId, upToEventId, reverse, limit);
  }

  @Override
  public void deleteRun(long runPk) {
    recent.forget(runPk);
    super.deleteRun(runPk);
  }

  /** Every run was deleted (a reset): their keys may be given again. */
  public void forgetKeptHistories() {
    recent.forgetAll();
  }

  /** JSON is made here, on the caller's thread, so that the one writer thread only runs SQL. */
  private static List<RunSql.Encoded> encode(List<RunChange> writes) {
    return writes.stream().map(RunSql.Encoded::of).toList();
  }

  private static SqlWork<Void> work(List<RunChange> writes, List<RunSql.Encoded> json) {
    return c -> {
      for (int i = 0; i < writes.size(); i++)
        RunSql.write(c, writes.get(i), json.get(i), SqliteRunStore::insert);
      return null;
    };
  }

  private static long insert(Connection c, RunState s, String tags) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO runs(region,domain,workflow_id,run_id,type_name,type_version,status,close_status,start_ts,close_ts,"
                + "tags,version,state) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'{}')",
            Statement.RETURN_GENERATED_KEYS)) {
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
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLiteException e) {
      if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)
        throw new WorkflowIdInUseException(s.workflowId);
      throw e;
    }
  }
}
