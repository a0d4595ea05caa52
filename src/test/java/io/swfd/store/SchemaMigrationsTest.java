package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.store.jdbc.SchemaMigrations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema's migration scripts on SQLite: a fresh database, a current one, one the earlier
 * migration library made.
 */
class SchemaMigrationsTest {
  @TempDir Path dir;

  private Connection open(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
  }

  @Test
  void aFreshDatabaseGetsEveryScriptOnceAndASecondRunChangesNothing() throws Exception {
    try (Connection c = open("fresh.db")) {
      SchemaMigrations.apply(c, "sqlite", null);
      List<Integer> first = versions(c);
      assertThat(first).startsWith(1, 2, 3, 4, 5);
      assertThat(tables(c))
          .contains(
              "runs",
              "history_events",
              "timers",
              "run_tags",
              "run_activities",
              "run_timers",
              "run_children",
              "run_externals",
              "run_lambdas")
          .doesNotContain("activity_heartbeats");
      SchemaMigrations.apply(c, "sqlite", null);
      assertThat(versions(c)).isEqualTo(first);
    }
  }

  @Test
  void aDatabaseTheEarlierMigrationLibraryMadeGetsOnlyTheNewerScripts() throws Exception {
    try (Connection c = open("old.db");
        Statement st = c.createStatement()) {
      // what a server of the earlier versions left: the first three scripts and that library's
      // bookkeeping
      for (String script :
          List.of("V1__initial.sql", "V2__visibility.sql", "V3__visibility_time_indexes.sql")) {
        String sql =
            new String(
                getClass()
                    .getClassLoader()
                    .getResourceAsStream("db/migration/sqlite/" + script)
                    .readAllBytes(),
                StandardCharsets.UTF_8);
        for (String statement : sql.split(";\\s*\n")) {
          String s = statement.replaceAll("(?m)--.*$", "").strip();
          if (!s.isEmpty()) st.execute(s);
        }
      }
      st.execute(
          "CREATE TABLE flyway_schema_history (installed_rank INT, version VARCHAR(50), script VARCHAR(1000), success BOOLEAN)");
      st.execute(
          "INSERT INTO flyway_schema_history VALUES (1, '1', 'V1__initial.sql', 1), (2, '2', 'V2__visibility.sql', 1), "
              + "(3, '3', 'V3__visibility_time_indexes.sql', 1), (4, '9', 'V9__failed.sql', 0)");
      st.execute("INSERT INTO meta(name, value) VALUES ('kept', 'yes')");

      SchemaMigrations.apply(c, "sqlite", null);
      assertThat(versions(c)).startsWith(4).doesNotContain(1, 2, 3);
      assertThat(tables(c)).contains("run_activities").doesNotContain("activity_heartbeats");
      try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE name='kept'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("yes");
      }
    }
  }

  private static List<Integer> versions(Connection c) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM schema_history ORDER BY version")) {
      while (rs.next()) out.add(rs.getInt(1));
    }
    return out;
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}
