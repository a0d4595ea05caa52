package io.swfd.store.sqlite;

import static io.swfd.store.jdbc.Sql.bind;
import static io.swfd.store.jdbc.Sql.execute;

import io.swfd.store.MetaStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

public final class SqliteMetaStore implements MetaStore {
  private final SqliteDatabase db;

  public SqliteMetaStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public String getOrCreate(String name, String initial) {
    return db.writer()
        .write(
            c -> {
              execute(c, "INSERT OR IGNORE INTO meta(name, value) VALUES(?, ?)", name, initial);
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT value FROM meta WHERE name=?")) {
                bind(ps, name);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              }
            });
  }
}
