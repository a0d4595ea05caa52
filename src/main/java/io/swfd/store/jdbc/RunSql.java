package io.swfd.store.jdbc;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.ItemKind;
import io.swfd.run.ItemRef;
import io.swfd.run.Lifecycles;
import io.swfd.run.RunChange;
import io.swfd.run.RunState;
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
      args.add(q.after().time());
      args.add(q.after().time());
      args.add(q.after().runPk());
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

  /**
   * Runs' info (their {@code state} column) returned by a query whose first column is {@code
   * state}: without their pending items (see {@link #withItems}).
   */
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

  /** A run: its info row and its pending items' rows ({@link io.swfd.store.RunStore#load}). */
  public static java.util.Optional<RunState> load(Connection c, long runPk) throws SQLException {
    List<RunState> found = states(c, "SELECT state FROM runs WHERE run_pk=?", runPk);
    if (found.isEmpty()) return java.util.Optional.empty();
    RunState s = found.get(0);
    withItems(c, Map.of(runPk, s), "=?", runPk);
    return java.util.Optional.of(s);
  }

  /** Every open run with its pending items ({@link io.swfd.store.RunStore#openRuns}). */
  public static List<RunState> openRuns(Connection c) throws SQLException {
    List<RunState> runs = states(c, "SELECT state FROM runs WHERE status='OPEN'");
    Map<Long, RunState> byPk = new java.util.HashMap<>();
    for (RunState s : runs) byPk.put(s.runPk, s);
    if (!byPk.isEmpty()) withItems(c, byPk, " IN (SELECT run_pk FROM runs WHERE status='OPEN')");
    return runs;
  }

  /** The pending items of one kind, in the order their table keeps them: (kind, table, key). */
  @SuppressWarnings("InlineFormatString") // a long query, kept apart from its one use
  private static final String ITEMS =
      "SELECT 0,run_pk,scheduled_event_id,NULL,data,beat_at,details FROM run_activities WHERE run_pk%1$s"
          + " UNION ALL SELECT 1,run_pk,0,timer_id,data,NULL,NULL FROM run_timers WHERE run_pk%1$s"
          + " UNION ALL SELECT 2,run_pk,initiated_event_id,NULL,data,NULL,NULL FROM run_children WHERE run_pk%1$s"
          + " UNION ALL SELECT 3,run_pk,initiated_event_id,NULL,data,NULL,NULL FROM run_externals WHERE run_pk%1$s"
          + " UNION ALL SELECT 4,run_pk,scheduled_event_id,NULL,data,NULL,NULL FROM run_lambdas WHERE run_pk%1$s"
          + " ORDER BY 1,2,3";

  /**
   * Puts the pending items' rows into their runs (one query for the five kinds): {@code where} is
   * the condition on {@code run_pk} with its one argument (if any) repeated per kind. An activity
   * task's latest heartbeat is on its row ({@link #recordHeartbeat}): the newer of it and the one
   * the row's data carries wins.
   */
  static void withItems(Connection c, Map<Long, RunState> runs, String where, Object... arg)
      throws SQLException {
    List<RunState.TimerState> timers = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(String.format(ITEMS, where))) {
      Object[] args = new Object[arg.length * 5];
      for (int i = 0; i < 5; i++) System.arraycopy(arg, 0, args, i * arg.length, arg.length);
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          RunState s = runs.get(rs.getLong(2));
          if (s == null) continue;
          String data = rs.getString(5);
          switch (rs.getInt(1)) {
            case 0 -> {
              RunState.ActivityState a = RunCodec.item(data, RunState.ActivityState.class);
              long beat = rs.getLong(6);
              if (!rs.wasNull() && beat >= a.lastHeartbeatAt && a.isStarted())
                a = a.storedHeartbeat(beat, RunCodec.untext(rs.getString(7)));
              s.activities.put(a.scheduledEventId, a);
            }
            case 1 -> {
              RunState.TimerState t = RunCodec.item(data, RunState.TimerState.class);
              s.timers.put(t.timerId, t);
              timers.add(t);
            }
            case 2 -> {
              RunState.ChildState ch = RunCodec.item(data, RunState.ChildState.class);
              s.children.put(ch.initiatedEventId, ch);
            }
            case 3 -> {
              RunState.ExternalState x = RunCodec.item(data, RunState.ExternalState.class);
              s.externals.put(x.initiatedEventId, x);
            }
            default -> {
              RunState.LambdaState l = RunCodec.item(data, RunState.LambdaState.class);
              s.lambdas.put(l.scheduledEventId, l);
            }
          }
        }
      }
    }
    if (!timers.isEmpty()) {
      // timers keep the order they were started in (their table orders them by id)
      for (RunState s : runs.values()) {
        if (s.timers.size() < 2) continue;
        List<RunState.TimerState> ordered = new ArrayList<>(s.timers.values());
        ordered.sort(java.util.Comparator.comparingLong(t -> t.startedEventId));
        s.timers.clear();
        for (RunState.TimerState t : ordered) s.timers.put(t.timerId, t);
      }
    }
  }

  /**
   * See {@link io.swfd.store.RunStore#recordHeartbeat}: the time and details go onto the task's
   * row; nothing else of the run changes.
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
        "UPDATE run_activities SET beat_at=?, details=? WHERE run_pk=? AND scheduled_event_id=?",
        beatAt,
        detailsText,
        runPk,
        scheduledEventId);
  }

  /** Removes a closed run's rows (retention). */
  public static Void deleteRun(Connection c, long runPk) throws SQLException {
    for (String table :
        List.of(
            "history_events",
            "timers",
            "run_activities",
            "run_timers",
            "run_children",
            "run_externals",
            "run_lambdas",
            "run_tags",
            "runs")) {
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
   * JSON made before the writing transaction (on the caller's thread), in the order of the writes:
   * the run's info, each changed item ({@code null}: the run no longer has it, its row goes), each
   * new event's attributes.
   */
  public record Encoded(
      String state,
      String tags,
      Map<ItemRef, String> items,
      List<String> attributes,
      long runPk,
      String status,
      String closeStatus,
      Long closedAt) {
    /**
     * Encodes a write; sets the state's next version first (it is part of the info). What an
     * existing run's rows get is taken here too: a queued write ({@link
     * io.swfd.store.RunStore#commitQueued}) runs after the caller has gone on changing the state.
     */
    public static Encoded of(RunChange w) {
      RunState s = w.run();
      s.version = w.expectedVersion() + 1;
      Map<ItemRef, String> items = new LinkedHashMap<>();
      RunChange.Items u = w.upserts();
      if (!u.isEmpty()) {
        for (RunState.ActivityState a : u.activities())
          items.put(ItemRef.of(ItemKind.ACTIVITY, a.scheduledEventId), RunCodec.item(a));
        for (RunState.TimerState t : u.timers())
          items.put(ItemRef.timer(t.timerId), RunCodec.item(t));
        for (RunState.ChildState ch : u.children())
          items.put(ItemRef.of(ItemKind.CHILD, ch.initiatedEventId), RunCodec.item(ch));
        for (RunState.ExternalState x : u.externals())
          items.put(ItemRef.of(ItemKind.EXTERNAL, x.initiatedEventId), RunCodec.item(x));
        for (RunState.LambdaState l : u.lambdas())
          items.put(ItemRef.of(ItemKind.LAMBDA, l.scheduledEventId), RunCodec.item(l));
      }
      for (ItemRef r : w.deletes()) items.put(r, null);
      // a new run's info is made here too, with the key 0 that its insert then replaces (see
      // NEW_RUN_STATE; nobody else sees a new run's state before it is committed)
      return new Encoded(
          RunCodec.state(s),
          w.isNew() ? RunCodec.attributes(Map.of("tags", s.tagList)) : null,
          items,
          w.events().stream().map(e -> RunCodec.attributes(e.attributes())).toList(),
          s.runPk,
          s.status.name(),
          s.closeStatus == null ? null : s.closeStatus.name(),
          s.closedAt == 0 ? null : s.closedAt);
    }
  }

  /**
   * One run's share of a commit, the same on every store: insert or update the run's info (with the
   * optimistic version check), write the rows of the items it changed, append its events, and arm
   * and disarm its deadlines.
   */
  public static void write(Connection c, RunChange w, Encoded json, RunInsert insert)
      throws SQLException {
    RunState s = w.run();
    long newVersion = w.expectedVersion() + 1;
    if (w.isNew()) {
      s.runPk = insert.insert(c, s, json.tags());
      Sql.execute(
          c, "UPDATE runs SET state=? WHERE run_pk=?", newRunState(json.state(), s), s.runPk);
      for (String tag : new java.util.LinkedHashSet<>(s.tagList)) {
        Sql.execute(c, "INSERT INTO run_tags(run_pk, tag) VALUES(?, ?)", s.runPk, tag);
      }
    } else if (json.status().equals(Lifecycles.RunStatus.OPEN.name())) {
      // An open run's status columns have not changed (a run never opens again): leaving them out
      // leaves every index of runs alone (they all hold status or close columns), so the write
      // dirties the row's page only, not a page of each of some ten indexes.
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE runs SET version=?, state=? WHERE run_pk=? AND version=?")) {
        bind(ps, newVersion, json.state(), json.runPk(), w.expectedVersion());
        if (ps.executeUpdate() != 1) throw new io.swfd.run.StaleRunException(json.runPk());
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
    if (w.closed()) {
      // a closed run keeps no activity tasks, timers or Lambda tasks
      for (ItemKind kind : List.of(ItemKind.ACTIVITY, ItemKind.TIMER, ItemKind.LAMBDA))
        Sql.execute(c, ItemSql.of(kind).deleteAll, runPk);
    }
    if (!json.items().isEmpty()) writeItems(c, runPk, json.items());
    deleteTimers(c, runPk, w.deadlinesDisarmed(), w.closed());
    if (!w.deadlinesArmed().isEmpty()) {
      // an upsert both SQLite (3.24+) and PostgreSQL understand
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO timers(run_pk,timer_key,due_at) VALUES(?,?,?) "
                  + "ON CONFLICT (run_pk, timer_key) DO UPDATE SET due_at = excluded.due_at")) {
        for (Map.Entry<String, Instant> t : w.deadlinesArmed().entrySet()) {
          bind(ps, runPk, t.getKey(), t.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /**
   * A new run's info as {@link Encoded#of} made it, with the key its insert just gave it in place
   * of 0: {@code runPk} is the info's first member. Encoding it again here, on the one writer
   * thread, would do the same work in the store's one serial step.
   */
  static String newRunState(String encoded, RunState s) {
    if (encoded.startsWith(NEW_RUN_STATE))
      return "{\"runPk\":" + s.runPk + encoded.substring(NEW_RUN_STATE.length() - 1);
    return RunCodec.state(s); // not as expected (a reordered RunState): encode it again
  }

  static final String NEW_RUN_STATE = "{\"runPk\":0,";

  /**
   * The statements of each kind of pending item's table, made once: the writer runs them for every
   * item it writes, and a statement's text is also its key among the writer's kept statements (a
   * string built anew each time is hashed anew).
   */
  private record ItemSql(String upsert, String delete, String deleteAll) {
    private static final Map<ItemKind, ItemSql> BY_KIND = new java.util.EnumMap<>(ItemKind.class);

    static {
      BY_KIND.put(ItemKind.ACTIVITY, of("run_activities", "scheduled_event_id"));
      BY_KIND.put(ItemKind.TIMER, of("run_timers", "timer_id"));
      BY_KIND.put(ItemKind.CHILD, of("run_children", "initiated_event_id"));
      BY_KIND.put(ItemKind.EXTERNAL, of("run_externals", "initiated_event_id"));
      BY_KIND.put(ItemKind.LAMBDA, of("run_lambdas", "scheduled_event_id"));
    }

    /** An upsert of an activity task leaves the heartbeat columns alone. */
    private static ItemSql of(String table, String key) {
      return new ItemSql(
          "INSERT INTO "
              + table
              + "(run_pk,"
              + key
              + ",data) VALUES(?,?,?) ON CONFLICT (run_pk, "
              + key
              + ") DO UPDATE SET data = excluded.data",
          "DELETE FROM " + table + " WHERE run_pk=? AND " + key + "=?",
          "DELETE FROM " + table + " WHERE run_pk=?");
    }

    static ItemSql of(ItemKind kind) {
      return BY_KIND.get(kind);
    }
  }

  /**
   * Upserts the rows of items the run has and deletes those of items it no longer has. An upsert of
   * an activity task leaves the heartbeat columns alone: they belong to {@link #recordHeartbeat}.
   */
  static void writeItems(Connection c, long runPk, Map<ItemRef, String> items) throws SQLException {
    for (Map.Entry<ItemRef, String> i : items.entrySet()) {
      ItemRef r = i.getKey();
      ItemSql sql = ItemSql.of(r.kind());
      Object key = r.kind() == ItemKind.TIMER ? r.timerId() : (Object) r.eventId();
      if (i.getValue() == null) Sql.execute(c, sql.delete, runPk, key);
      else Sql.execute(c, sql.upsert, runPk, key, i.getValue());
    }
  }

  /** Deletes a run's deadline rows whose key is one of {@code keys}, or all of them. */
  private static void deleteTimers(
      Connection c, long runPk, java.util.Collection<String> keys, boolean all)
      throws SQLException {
    if (all) {
      Sql.execute(c, "DELETE FROM timers WHERE run_pk=?", runPk);
    } else if (!keys.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM timers WHERE run_pk=? AND timer_key=?")) {
        for (String k : keys) {
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
