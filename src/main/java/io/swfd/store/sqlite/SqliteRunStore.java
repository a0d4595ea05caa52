package io.swfd.store.sqlite;

import io.swfd.engine.state.HistoryEvent;
import io.swfd.engine.state.RunState;
import io.swfd.store.RunStore;
import io.swfd.store.RunWrite;
import io.swfd.store.TimerRow;
import io.swfd.store.VisibilityQuery;
import io.swfd.store.WorkflowIdInUseException;
import io.swfd.store.jdbc.RunSql;
import io.swfd.store.jdbc.Sql;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.swfd.store.jdbc.Sql.bind;

public final class SqliteRunStore implements RunStore {
    private final SqliteDatabase db;

    public SqliteRunStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void commit(List<RunWrite> writes) {
        // JSON is made here, on the caller's thread, so that the one writer thread only runs SQL
        List<RunSql.Encoded> json = writes.stream().map(RunSql.Encoded::of).toList();
        db.writer().write(c -> {
            for (int i = 0; i < writes.size(); i++) RunSql.write(c, writes.get(i), json.get(i), SqliteRunStore::insert);
            return null;
        });
    }

    private static long insert(Connection c, RunState s, String tags) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO runs(region,domain,workflow_id,run_id,type_name,type_version,status,close_status,start_ts,close_ts,"
                        + "tags,version,state) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'{}')", Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, s.region, s.domain, s.workflowId, s.runId, s.typeName, s.typeVersion, s.status, s.closeStatus,
                    s.startedAt, s.closedAt == 0 ? null : s.closedAt, tags, s.version);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLiteException e) {
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) throw new WorkflowIdInUseException(s.workflowId);
            throw e;
        }
    }

    @Override
    public Optional<RunState> load(long runPk) {
        return db.readers().read(c -> RunSql.load(c, runPk));
    }

    @Override
    public void recordHeartbeat(long runPk, long scheduledEventId, Instant beatAt, String details) {
        db.writer().write(c -> RunSql.recordHeartbeat(c, runPk, scheduledEventId, beatAt, details));
    }

    @Override
    public OptionalLong findRun(String region, String domain, String workflowId, String runId) {
        return findPk("SELECT run_pk FROM runs WHERE region=? AND domain=? AND workflow_id=? AND run_id=?",
                region, domain, workflowId, runId);
    }

    @Override
    public OptionalLong findOpenRun(String region, String domain, String workflowId) {
        return findPk("SELECT run_pk FROM runs WHERE region=? AND domain=? AND workflow_id=? AND status='OPEN'",
                region, domain, workflowId);
    }

    private OptionalLong findPk(String sql, Object... args) {
        return db.readers().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public List<HistoryEvent> events(long runPk, long afterEventId, long upToEventId, boolean reverse, int limit) {
        return db.readers().read(c -> RunSql.events(c, runPk, afterEventId, upToEventId, reverse, limit));
    }

    @Override
    public List<RunState> listRuns(VisibilityQuery q) {
        List<Object> args = new ArrayList<>();
        String sql = RunSql.listRuns(q, args); // the same query on every store
        return db.readers().read(c -> RunSql.states(c, sql, args.toArray()));
    }

    @Override
    public int countRuns(VisibilityQuery q) {
        List<Object> args = new ArrayList<>();
        String sql = RunSql.countRuns(q, args);
        return db.readers().read(c -> Sql.count(c, sql, args.toArray()));
    }

    @Override
    public void deleteRun(long runPk) {
        db.writer().write(c -> RunSql.deleteRun(c, runPk));
    }

    @Override
    public List<RunState> openRuns() {
        return db.readers().read(RunSql::openRuns);
    }

    @Override
    public List<TimerRow> timers() {
        return db.readers().read(c -> RunSql.timers(c, "SELECT run_pk,timer_key,due_at FROM timers"));
    }

    @Override
    public List<TimerRow> timers(long runPk) {
        return db.readers().read(c -> RunSql.timersOf(c, runPk));
    }

    @Override
    public List<TimerRow> timersDueBetween(Instant after, Instant until) {
        return db.readers().read(c -> RunSql.timersDueBetween(c, after, until));
    }

    @Override
    public Instant earliestTimerAfter(Instant after) {
        return db.readers().read(c -> RunSql.earliestTimerAfter(c, after));
    }
}
