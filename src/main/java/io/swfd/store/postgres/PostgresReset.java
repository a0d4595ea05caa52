package io.swfd.store.postgres;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes every row of every swfd table but the store's own bookkeeping (its secrets in {@code
 * meta} and Flyway's history), in one transaction. Sequences keep counting, so run keys are never
 * reused. Other nodes on the same database keep what they hold in memory until they find it gone.
 */
public final class PostgresReset {
  private static final List<String> KEPT =
      List.of("meta", "schema_history", "flyway_schema_history");

  private PostgresReset() {}

  public static void deleteAll(PostgresDatabase db) {
    db.write(
        c -> {
          List<String> tables = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
            while (rs.next()) {
              if (!KEPT.contains(rs.getString(1)))
                tables.add("\"" + rs.getString(1).replace("\"", "\"\"") + "\"");
            }
          }
          if (!tables.isEmpty()) {
            try (Statement st = c.createStatement()) {
              st.execute("TRUNCATE " + String.join(", ", tables));
            }
          }
          return null;
        });
  }
}
