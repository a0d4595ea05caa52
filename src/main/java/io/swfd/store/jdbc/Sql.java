package io.swfd.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Small JDBC helpers shared by the stores. */
public final class Sql {
  private Sql() {}

  public static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      int idx = i + 1;
      if (a == null) ps.setNull(idx, Types.NULL);
      else if (a instanceof Instant t) ps.setLong(idx, t.toEpochMilli());
      else if (a instanceof Enum<?> e) ps.setString(idx, e.name());
      else if (a instanceof Boolean b) ps.setInt(idx, b ? 1 : 0);
      else ps.setObject(idx, a);
    }
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  public static int count(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Runs an update; returns null so it can end a {@code SqlWork<Void>} lambda. */
  public static Void execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
    return null;
  }
}
