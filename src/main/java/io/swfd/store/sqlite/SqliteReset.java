package io.swfd.store.sqlite;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes every row of every table but the store's own bookkeeping (its secrets in {@code meta},
 * Flyway's history, and SQLite's AUTOINCREMENT counters, so that run keys are never reused and a
 * task token from before a reset cannot name a run made after it). One transaction: a reset is all
 * or nothing.
 */
public final class SqliteReset {
  private static final List<String> KEPT =
      List.of("meta", "schema_history", "flyway_schema_history");

  private SqliteReset() {}

  public static void deleteAll(SqliteDatabase db) {
    db.writer()
        .write(
            c -> {
              List<String> tables = new ArrayList<>();
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery(
                          "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")) {
                while (rs.next()) {
                  if (!KEPT.contains(rs.getString(1))) tables.add(rs.getString(1));
                }
              }
              try (Statement st = c.createStatement()) {
                st.execute("PRAGMA defer_foreign_keys = ON");
                for (String t : tables)
                  st.executeUpdate("DELETE FROM \"" + t.replace("\"", "\"\"") + "\"");
              }
              return null;
            });
  }
}
