package io.swfd.store.postgres;

import static io.swfd.store.jdbc.Sql.bind;
import static io.swfd.store.jdbc.Sql.execute;

import io.swfd.store.MetaStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Named values on PostgreSQL: the first node to start stores them, every other node reads the same.
 */
public final class PostgresMetaStore implements MetaStore {
  private final PostgresDatabase db;

  public PostgresMetaStore(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  public String getOrCreate(String name, String initial) {
    return db.write(
        c -> {
          execute(
              c,
              "INSERT INTO meta(name, value) VALUES(?, ?) ON CONFLICT (name) DO NOTHING",
              name,
              initial);
          try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name=?")) {
            bind(ps, name);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getString(1);
            }
          }
        });
  }
}
