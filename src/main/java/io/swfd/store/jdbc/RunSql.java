package io.swfd.store.jdbc;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunState;
import io.swfd.store.RunWrite;
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

/**
 * The SQL of runs, histories and deadlines that is the same in every dialect (the schema is the
 * same): visibility queries, history pages, history appends, deadline reads and deletes.
 */
public final class RunSql {
  private RunSql() {}

  /**
   * SELECT state ... for a visibility query, newest first by its time unless reversed; fills {@code
   * args}.
   */
  public static String listRuns(VisibilityQuery q, List<Object> args) {
    String where = visibilityWhere(q, args);
    String time = q.byCloseTime() ? "close_ts" : "start_ts";
    String dir = q.reverse() ? "ASC" : "DESC";
    StringBuilder sql = new StringBuilder("SELECT state FROM runs WHERE ").append(where);
    if (q.after() != null) {
      String cmp = q.reverse() ? ">" : "<";
      sql.append(" AND (")
          .append(time)
          .append(' ')
          .append(cmp)
          .append(" ? OR (")
          .append(time)
          .append(" = ? AND run_pk ")
          .append(cmp)
          .append(" ?))");
      args.add(q.after()[0]);
      args.add(q.after()[0]);
      args.add(q.after()[1]);
    }
    sql.append(" ORDER BY ")
        .append(time)
        .append(' ')
        .append(dir)
        .append(", run_pk ")
        .append(dir)
        .append(" LIMIT ?");
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
  public static List<RunState> states(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<RunState> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(RunCodec.state(rs.getString(1)));
      }
      return out;
    }
  }

  /** A run's state document with its heartbeats ({@link io.swfd.store.RunStore#load}). */
  public static java.util.Optional<RunState> load(Connection c, long runPk) throws SQLException {
    return withHeartbeats(c, states(c, "SELECT state FROM runs WHERE run_pk=?", runPk)).stream()
        .findFirst();
  }

  /**
   * Every open run's state document with its heartbeats ({@link io.swfd.store.RunStore#openRuns}).
   */
  public static List<RunState> openRuns(Connection c) throws SQLException {
    return withHeartbeats(c, states(c, "SELECT state FROM runs WHERE status='OPEN'"));
  }

  /**
   * Puts the latest heartbeat of each started activity task into its run's state: a heartbeat is
   * stored on the task's own row ({@link #recordHeartbeat}), not in the state document. Runs
   * without a started task need no query.
   */
  static List<RunState> withHeartbeats(Connection c, List<RunState> states) throws SQLException {
    Map<Long, RunState> started = new java.util.HashMap<>();
    for (RunState s : states) {
      for (RunState.ActivityState a : s.activities.values()) {
        if (a.isStarted()) {
          started.put(s.runPk, s);
          break;
        }
      }
    }
    if (started.isEmpty()) return states;
    // one run: its rows by key; many (the open runs at start): every row, as few as there are
    // started tasks
    String sql =
        "SELECT run_pk,scheduled_event_id,beat_at,details FROM activity_heartbeats"
            + (started.size() == 1 ? " WHERE run_pk=?" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (started.size() == 1) bind(ps, started.keySet().iterator().next());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RunState s = started.get(rs.getLong(1));
          RunState.ActivityState a = s == null ? null : s.activities.get(rs.getLong(2));
          // a row left by a task that closed meanwhile names no open task, and is passed over
          if (a == null || !a.isStarted()) continue;
          a.heartbeatStored = true;
          if (rs.getLong(3) < a.lastHeartbeatAt) continue;
          a.lastHeartbeatAt = rs.getLong(3);
          a.heartbeatDetails = RunCodec.untext(rs.getString(4));
        }
      }
    }
    return states;
  }

  /**
   * See {@link io.swfd.store.RunStore#recordHeartbeat}; an upsert both SQLite (3.24+) and
   * PostgreSQL understand.
   */
  public static Void recordHeartbeat(
      Connection c, long runPk, long scheduledEventId, Instant beatAt, String details)
      throws SQLException {
    return recordHeartbeatText(c, runPk, scheduledEventId, beatAt, RunCodec.text(details));
  }

  /** {@link #recordHeartbeat} with the details already encoded ({@link RunCodec#text}). */
  public static Void recordHeartbeatText(
      Connection c, long runPk, long scheduledEventId, Instant beatAt, String detailsText)
      throws SQLException {
    return Sql.execute(
        c,
        "INSERT INTO activity_heartbeats(run_pk,scheduled_event_id,beat_at,details) VALUES(?,?,?,?) "
            + "ON CONFLICT (run_pk, scheduled_event_id) DO UPDATE SET beat_at = excluded.beat_at, details = excluded.details",
        runPk,
        scheduledEventId,
        beatAt,
        detailsText);
  }

  /** Removes a closed run's rows (retention). */
  public static Void deleteRun(Connection c, long runPk) throws SQLException {
    for (String table :
        List.of("history_events", "timers", "activity_heartbeats", "run_tags", "runs")) {
      Sql.execute(c, "DELETE FROM " + table + " WHERE run_pk=?", runPk);
    }
    return null;
  }

  /** See {@link io.swfd.store.RunStore#events}. */
  public static List<HistoryEvent> events(
      Connection c, long runPk, long afterEventId, long upToEventId, boolean reverse, int limit)
      throws SQLException {
    String sql =
        reverse
            ? "SELECT event_id,event_type,ts,attributes FROM history_events WHERE run_pk=? AND event_id<? AND event_id<=? ORDER BY event_id DESC LIMIT ?"
            : "SELECT event_id,event_type,ts,attributes FROM history_events WHERE run_pk=? AND event_id>? AND event_id<=? ORDER BY event_id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, runPk, afterEventId, upToEventId, limit);
      List<HistoryEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new HistoryEvent(
                  rs.getLong(1),
                  Instant.ofEpochMilli(rs.getLong(3)),
                  EventType.valueOf(rs.getString(2)),
                  new StoredAttributes(rs.getString(4))));
        }
      }
      return out;
    }
  }

  /**
   * The dialect's part of writing a new run: inserting its row and returning the key the store gave
   * it.
   */
  @FunctionalInterface
  public interface RunInsert {
    /**
     * @throws io.swfd.store.WorkflowIdInUseException when the workflowId is already open in the
     *     domain
     */
    long insert(Connection c, RunState s, String tagsJson) throws SQLException;
  }

  /**
   * JSON made before the writing transaction (on the caller's thread), in the order of the writes.
   */
  public record Encoded(
      String state,
      List<String> attributes,
      long runPk,
      String status,
      String closeStatus,
      Long closedAt) {
    /**
     * Encodes a write; sets the state's next version first (it is part of the document). What an
     * existing run's row gets is taken here too: a queued write ({@link
     * io.swfd.store.RunStore#commitQueued}) runs after the caller has gone on changing the state.
     */
    public static Encoded of(RunWrite w) {
      RunState s = w.state();
      s.version = w.expectedVersion() + 1;
      // a new run's document is made after its insert, which gives it its key (nobody else sees a
      // new run's state before it is committed)
      return new Encoded(
          w.isNew() ? null : RunCodec.state(s),
          w.events().stream().map(e -> RunCodec.attributes(e.attributes())).toList(),
          s.runPk,
          s.status,
          s.closeStatus,
          s.closedAt == 0 ? null : s.closedAt);
    }
  }

  /**
   * One run's share of a commit, the same on every store: insert or update the run (with the
   * optimistic version check), append its events, and arm and disarm its deadlines.
   */
  public static void write(Connection c, RunWrite w, Encoded json, RunInsert insert)
      throws SQLException {
    RunState s = w.state();
    long newVersion = w.expectedVersion() + 1;
    if (w.isNew()) {
      s.runPk = insert.insert(c, s, RunCodec.attributes(Map.of("tags", s.tagList)));
      Sql.execute(c, "UPDATE runs SET state=? WHERE run_pk=?", RunCodec.state(s), s.runPk);
      for (String tag : new java.util.LinkedHashSet<>(s.tagList)) {
        Sql.execute(c, "INSERT INTO run_tags(run_pk, tag) VALUES(?, ?)", s.runPk, tag);
      }
    } else {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE runs SET status=?, close_status=?, close_ts=?, version=?, state=? WHERE run_pk=? AND version=?")) {
        bind(
            ps,
            json.status(),
            json.closeStatus(),
            json.closedAt(),
            newVersion,
            json.state(),
            json.runPk(),
            w.expectedVersion());
        if (ps.executeUpdate() != 1) throw new io.swfd.run.StaleRunException(json.runPk());
      }
    }
    long runPk = w.isNew() ? s.runPk : json.runPk(); // a new run's was just given it
    if (!w.events().isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO history_events(run_pk,event_id,event_type,ts,attributes) VALUES(?,?,?,?,?)")) {
        for (int i = 0; i < w.events().size(); i++) {
          HistoryEvent e = w.events().get(i);
          bind(ps, runPk, e.eventId(), e.type(), e.timestamp(), json.attributes().get(i));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    deleteRows(c, "timers", "timer_key", runPk, w.timersDelete(), w.deleteAllTimers());
    deleteRows(
        c,
        "activity_heartbeats",
        "scheduled_event_id",
        runPk,
        w.heartbeatsDelete(),
        w.deleteAllTimers());
    if (!w.timersPut().isEmpty()) {
      // an upsert both SQLite (3.24+) and PostgreSQL understand
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO timers(run_pk,timer_key,due_at) VALUES(?,?,?) "
                  + "ON CONFLICT (run_pk, timer_key) DO UPDATE SET due_at = excluded.due_at")) {
        for (Map.Entry<String, Instant> t : w.timersPut().entrySet()) {
          bind(ps, runPk, t.getKey(), t.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /**
   * Deletes a run's rows of {@code table} whose {@code keyColumn} is one of {@code keys}, or all of
   * the run's rows (its deadlines, its heartbeats).
   */
  private static void deleteRows(
      Connection c,
      String table,
      String keyColumn,
      long runPk,
      java.util.Collection<?> keys,
      boolean all)
      throws SQLException {
    if (all) {
      Sql.execute(c, "DELETE FROM " + table + " WHERE run_pk=?", runPk);
    } else if (!keys.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM " + table + " WHERE run_pk=? AND " + keyColumn + "=?")) {
        for (Object k : keys) {
          bind(ps, runPk, k);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /** See {@link io.swfd.store.RunStore#timers(long)}. */
  public static List<TimerRow> timersOf(Connection c, long runPk) throws SQLException {
    return timers(c, "SELECT run_pk,timer_key,due_at FROM timers WHERE run_pk=?", runPk);
  }

  /** See {@link io.swfd.store.RunStore#timersDueBetween} (served by the index on due_at). */
  public static List<TimerRow> timersDueBetween(Connection c, Instant after, Instant until)
      throws SQLException {
    return timers(
        c,
        "SELECT run_pk,timer_key,due_at FROM timers WHERE due_at>? AND due_at<=? ORDER BY due_at",
        after,
        until);
  }

  /** See {@link io.swfd.store.RunStore#earliestTimerAfter}. */
  public static Instant earliestTimerAfter(Connection c, Instant after) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MIN(due_at) FROM timers WHERE due_at>?")) {
      bind(ps, after);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        long v = rs.getLong(1);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
      }
    }
  }

  /** Deadline rows of a query selecting {@code run_pk, timer_key, due_at}. */
  public static List<TimerRow> timers(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<TimerRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(
              new TimerRow(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
      }
      return out;
    }
  }

  /** {@code run_pk -> version} of every open run. */
  public static Map<Long, Long> openRunVersions(Connection c) throws SQLException {
    Map<Long, Long> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT run_pk, version FROM runs WHERE status='OPEN'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
    }
    return out;
  }
}
