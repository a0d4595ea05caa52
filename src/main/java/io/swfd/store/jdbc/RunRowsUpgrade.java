package io.swfd.store.jdbc;

import static io.swfd.store.jdbc.Sql.bind;

import com.fasterxml.jackson.databind.JsonNode;
import io.swfd.run.ItemKind;
import io.swfd.run.ItemRef;
import io.swfd.run.RunState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of schema version 5 (run in its transaction, after its script made the item
 * tables): a store written by a release that kept each run as one JSON document ({@code runs.state}
 * listing its open activity tasks, timers, children, signals and Lambda tasks) gets one row per
 * pending item, and its info document without them; the latest heartbeats move from {@code
 * activity_heartbeats} onto their tasks' rows, and that table goes. Deadlines ({@code timers}) and
 * histories keep their format. Runs are read in slices of their keys, so memory stays small
 * whatever the store holds.
 */
final class RunRowsUpgrade {
  private static final int SLICE = 500;

  /** The document's member holding each kind of item, by the item's key. */
  private static final Map<String, ItemKind> MEMBERS = new LinkedHashMap<>();

  static {
    MEMBERS.put("activities", ItemKind.ACTIVITY);
    MEMBERS.put("timers", ItemKind.TIMER);
    MEMBERS.put("children", ItemKind.CHILD);
    MEMBERS.put("externals", ItemKind.EXTERNAL);
    MEMBERS.put("lambdas", ItemKind.LAMBDA);
  }

  private RunRowsUpgrade() {}

  static void apply(Connection c) throws SQLException {
    long after = Long.MIN_VALUE;
    while (true) {
      record Doc(long runPk, String json) {}
      List<Doc> slice = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT run_pk, state FROM runs WHERE run_pk>? ORDER BY run_pk LIMIT " + SLICE)) {
        bind(ps, after);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) slice.add(new Doc(rs.getLong(1), rs.getString(2)));
        }
      }
      if (slice.isEmpty()) break;
      for (Doc d : slice) convert(c, d.runPk(), d.json());
      after = slice.get(slice.size() - 1).runPk();
    }
    moveHeartbeats(c);
  }

  /** One run: its items to rows, its document to the info alone (only if it lists any item). */
  private static void convert(Connection c, long runPk, String json) throws SQLException {
    JsonNode doc = RunCodec.tree(json);
    Map<ItemRef, String> rows = new LinkedHashMap<>();
    for (Map.Entry<String, ItemKind> m : MEMBERS.entrySet()) {
      JsonNode items = doc.get(m.getKey());
      if (items == null || !items.isObject()) continue;
      for (Iterator<JsonNode> it = items.elements(); it.hasNext(); ) {
        JsonNode item = it.next();
        switch (m.getValue()) {
          case ACTIVITY -> {
            RunState.ActivityState a = RunCodec.item(item, RunState.ActivityState.class);
            rows.put(ItemRef.of(ItemKind.ACTIVITY, a.scheduledEventId), RunCodec.item(a));
          }
          case TIMER -> {
            RunState.TimerState t = RunCodec.item(item, RunState.TimerState.class);
            rows.put(ItemRef.timer(t.timerId), RunCodec.item(t));
          }
          case CHILD -> {
            RunState.ChildState ch = RunCodec.item(item, RunState.ChildState.class);
            rows.put(ItemRef.of(ItemKind.CHILD, ch.initiatedEventId), RunCodec.item(ch));
          }
          case EXTERNAL -> {
            RunState.ExternalState x = RunCodec.item(item, RunState.ExternalState.class);
            rows.put(ItemRef.of(ItemKind.EXTERNAL, x.initiatedEventId), RunCodec.item(x));
          }
          case LAMBDA -> {
            RunState.LambdaState l = RunCodec.item(item, RunState.LambdaState.class);
            rows.put(ItemRef.of(ItemKind.LAMBDA, l.scheduledEventId), RunCodec.item(l));
          }
        }
      }
    }
    if (rows.isEmpty()) return; // the empty lists of a document are passed over when it is read
    RunSql.writeItems(c, runPk, rows);
    RunState info = RunCodec.item(doc, RunState.class);
    info.runPk = runPk;
    Sql.execute(c, "UPDATE runs SET state=? WHERE run_pk=?", RunCodec.state(info), runPk);
  }

  /** The latest heartbeat of each task onto its row; rows of tasks that closed are dropped. */
  private static void moveHeartbeats(Connection c) throws SQLException {
    Sql.execute(
        c,
        "UPDATE run_activities SET beat_at = (SELECT h.beat_at FROM activity_heartbeats h"
            + " WHERE h.run_pk = run_activities.run_pk AND h.scheduled_event_id = run_activities.scheduled_event_id),"
            + " details = (SELECT h.details FROM activity_heartbeats h"
            + " WHERE h.run_pk = run_activities.run_pk AND h.scheduled_event_id = run_activities.scheduled_event_id)"
            + " WHERE EXISTS (SELECT 1 FROM activity_heartbeats h"
            + " WHERE h.run_pk = run_activities.run_pk AND h.scheduled_event_id = run_activities.scheduled_event_id)");
    Sql.execute(c, "DROP TABLE activity_heartbeats");
  }
}
