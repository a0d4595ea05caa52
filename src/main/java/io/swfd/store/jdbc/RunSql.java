package io.swfd.store.jdbc;

import io.swfd.engine.state.EventType;
import io.swfd.engine.state.HistoryEvent;
import io.swfd.engine.state.RunState;
import io.swfd.store.TimerRow;
import io.swfd.store.VisibilityQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.swfd.store.jdbc.Sql.bind;

/**
 * The SQL of runs, histories and deadlines that is the same in every dialect (the schema is the
 * same): visibility queries, history pages, history appends, deadline reads and deletes.
 */
public final class RunSql {
    private RunSql() {
    }

    /** SELECT state ... for a visibility query, newest first by its time unless reversed; fills {@code args}. */
    public static String listRuns(VisibilityQuery q, List<Object> args) {
        String where = visibilityWhere(q, args);
        String time = q.byCloseTime() ? "close_ts" : "start_ts";
        String dir = q.reverse() ? "ASC" : "DESC";
        StringBuilder sql = new StringBuilder("SELECT state FROM runs WHERE ").append(where);
        if (q.after() != null) {
            String cmp = q.reverse() ? ">" : "<";
            sql.append(" AND (").append(time).append(' ').append(cmp).append(" ? OR (").append(time)
                    .append(" = ? AND run_pk ").append(cmp).append(" ?))");
            args.add(q.after()[0]);
            args.add(q.after()[0]);
            args.add(q.after()[1]);
        }
        sql.append(" ORDER BY ").append(time).append(' ').append(dir).append(", run_pk ").append(dir).append(" LIMIT ?");
        args.add(q.limit());
        return sql.toString();
    }

    public static String countRuns(VisibilityQuery q, List<Object> args) {
        return "SELECT COUNT(*) FROM runs WHERE " + visibilityWhere(q, args);
    }

    /** The WHERE clause of a visibility query (each filter is served by an index of the schema). */
    public static String visibilityWhere(VisibilityQuery q, List<Object> args) {
        StringBuilder w = new StringBuilder("region=? AND domain=? AND status=?");
        args.add(q.region());
        args.add(q.domain());
        args.add(q.open() ? "OPEN" : "CLOSED");
        String time = q.byCloseTime() ? "close_ts" : "start_ts";
        w.append(" AND ").append(time).append(" >= ?");
        args.add(q.oldest());
        if (q.latest() != null) {
            w.append(" AND ").append(time).append(" <= ?");
            args.add(q.latest());
        }
        if (q.workflowId() != null) {
            w.append(" AND workflow_id=?");
            args.add(q.workflowId());
        }
        if (q.typeName() != null) {
            w.append(" AND type_name=?");
            args.add(q.typeName());
            if (q.typeVersion() != null && !q.typeVersion().isEmpty()) {
                w.append(" AND type_version=?");
                args.add(q.typeVersion());
            }
        }
        if (q.tag() != null) {
            w.append(" AND run_pk IN (SELECT run_pk FROM run_tags WHERE tag=?)");
            args.add(q.tag());
        }
        if (q.closeStatus() != null) {
            w.append(" AND close_status=?");
            args.add(q.closeStatus());
        }
        return w.toString();
    }

    /** Run state documents returned by a query whose first column is {@code state}. */
    public static List<RunState> states(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<RunState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(RunCodec.state(rs.getString(1)));
            }
            return out;
        }
    }

    /** See {@link io.swfd.store.RunStore#events}. */
    public static List<HistoryEvent> events(Connection c, long runPk, long afterEventId, long upToEventId, boolean reverse,
                                            int limit) throws SQLException {
        String sql = reverse
                ? "SELECT event_id,event_type,ts,attributes FROM history_events WHERE run_pk=? AND event_id<? AND event_id<=? ORDER BY event_id DESC LIMIT ?"
                : "SELECT event_id,event_type,ts,attributes FROM history_events WHERE run_pk=? AND event_id>? AND event_id<=? ORDER BY event_id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, runPk, afterEventId, upToEventId, limit);
            List<HistoryEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(3)),
                            EventType.valueOf(rs.getString(2)), RunCodec.attributes(rs.getString(4))));
                }
            }
            return out;
        }
    }

    public static void appendEvents(Connection c, long runPk, List<HistoryEvent> events) throws SQLException {
        if (events.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO history_events(run_pk,event_id,event_type,ts,attributes) VALUES(?,?,?,?,?)")) {
            for (HistoryEvent e : events) {
                bind(ps, runPk, e.eventId(), e.type(), e.timestamp(), RunCodec.attributes(e.attributes()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static void deleteTimers(Connection c, long runPk, Set<String> keys, boolean all) throws SQLException {
        if (all) {
            Sql.execute(c, "DELETE FROM timers WHERE run_pk=?", runPk);
        } else if (!keys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM timers WHERE run_pk=? AND timer_key=?")) {
                for (String k : keys) {
                    bind(ps, runPk, k);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Deadline rows of a query selecting {@code run_pk, timer_key, due_at}. */
    public static List<TimerRow> timers(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<TimerRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new TimerRow(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
            }
            return out;
        }
    }

    /** {@code run_pk -> version} of every open run. */
    public static Map<Long, Long> openRunVersions(Connection c) throws SQLException {
        Map<Long, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT run_pk, version FROM runs WHERE status='OPEN'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
        }
        return out;
    }
}
