package io.swfd.store.sqlite;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.RunChange;
import io.swfd.run.RunState;
import io.swfd.store.WorkflowIdInUseException;
import io.swfd.store.jdbc.JdbcRunStore;
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

  @Override
  public void commit(List<RunChange> writes) {
    db.write(work(writes));
  }

  /** Queued for the one writer, which commits in queue order (group commit). */
  @Override
  public CompletableFuture<Void> commitQueued(List<RunChange> writes) {
    return db.submit(work(writes));
  }

  private static SqlWork<Void> work(List<RunChange> writes) {
    // JSON is made here, on the caller's thread, so that the one writer thread only runs SQL
    List<RunSql.Encoded> json = writes.stream().map(RunSql.Encoded::of).toList();
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
