package io.swfd.store.jdbc;

import io.swfd.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Brings a database's schema up to date: runs the scripts {@code
 * db/migration/<dialect>/V<n>__<what>.sql} it has not had yet, in version order, in one
 * transaction, and records each in {@code schema_history}. Checking an up-to-date schema is one
 * query; the migration library used before spent a third of the server's start-up on it. Databases
 * it migrated carry its {@code flyway_schema_history}: the versions recorded there count as
 * applied.
 *
 * <p>The scripts hold plain DDL: statements end with {@code ;} at the end of a line, comments start
 * with {@code --}.
 */
public final class SchemaMigrations {
  private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  /** One script: its version, name and SQL. */
  record Script(int version, String name, String sql) {}

  private SchemaMigrations() {}

  /**
   * Applies the missing scripts on {@code c} (auto-commit off) and commits. {@code lock}, run first
   * in the transaction, keeps other servers out until the commit (PostgreSQL: nodes that start
   * together migrate once; SQLite's writer lock does that by itself).
   */
  public static void apply(Connection c, String dialect, String lock) throws SQLException {
    List<Script> scripts = scripts(dialect);
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      if (lock != null) st.execute(lock);
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_history (version INTEGER PRIMARY KEY, script TEXT NOT NULL, "
              + "applied_at BIGINT NOT NULL)");
      int current =
          Math.max(applied(st, "SELECT MAX(version) FROM schema_history"), flywayVersion(c, st));
      for (Script s : scripts) {
        if (s.version() <= current) continue;
        for (String statement : statements(s.sql())) st.execute(statement);
        // what SQL alone cannot do: a run's document of older releases turned into rows
        if (s.version() == 5) RunRowsUpgrade.apply(c);
        st.execute(
            "INSERT INTO schema_history(version, script, applied_at) VALUES("
                + s.version()
                + ", '"
                + s.name()
                + "', "
                + System.currentTimeMillis()
                + ")");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static int applied(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * The newest version recorded by the migration library swfd used before, 0 if it never ran here.
   */
  private static int flywayVersion(Connection c, Statement st) throws SQLException {
    boolean exists;
    try (ResultSet rs = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
      exists = rs.next();
    }
    if (!exists) return 0;
    int newest = 0;
    try (ResultSet rs =
        st.executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
      while (rs.next()) {
        String v = rs.getString(1);
        if (v != null && v.matches("\\d+")) newest = Math.max(newest, Integer.parseInt(v));
      }
    }
    return newest;
  }

  /** The statements of a script: comments dropped, split at semicolons that end a line. */
  static List<String> statements(String sql) {
    StringBuilder noComments = new StringBuilder();
    for (String line : sql.split("\n")) {
      int dash = line.indexOf("--");
      noComments.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
    }
    List<String> out = new ArrayList<>();
    for (String part : noComments.toString().split(";\\s*\n")) {
      String s = part.strip();
      if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
      if (!s.isEmpty()) out.add(s);
    }
    return out;
  }

  /**
   * The dialect's scripts in version order, from the class path (a directory, or the application's
   * jar).
   */
  static List<Script> scripts(String dialect) {
    String dir = "db/migration/" + dialect;
    URL url = SchemaMigrations.class.getClassLoader().getResource(dir);
    if (url == null) throw new StoreException("no migration scripts at " + dir);
    List<String> names = new ArrayList<>();
    try {
      if (url.getProtocol().equals("jar")) {
        JarURLConnection jar = (JarURLConnection) url.openConnection();
        jar.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
          for (JarEntry e : java.util.Collections.list(file.entries())) {
            String n = e.getName();
            if (n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
              names.add(n.substring(dir.length() + 1));
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          files.forEach(p -> names.add(p.getFileName().toString()));
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new StoreException(e);
    }
    List<Script> out = new ArrayList<>();
    for (String n : names) {
      Matcher m = SCRIPT.matcher(n);
      if (!m.matches()) continue;
      try (InputStream in =
          SchemaMigrations.class.getClassLoader().getResourceAsStream(dir + "/" + n)) {
        out.add(
            new Script(
                Integer.parseInt(m.group(1)),
                n,
                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.sort(Comparator.comparingInt(Script::version));
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).version() == out.get(i - 1).version()) {
        throw new StoreException(
            "two migration scripts of version " + out.get(i).version() + " in " + dir);
      }
    }
    return out;
  }
}
