package io.swfd.store;

import io.swfd.store.jdbc.JdbcRegistryStore;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.store.sqlite.SqliteMetaStore;
import io.swfd.store.sqlite.SqliteRunStore;
import java.nio.file.Files;

/** The store contract on the embedded SQLite store. */
class SqliteStoreContractTest extends StoreContract {
  @Override
  protected Opened open() throws Exception {
    SqliteDatabase db =
        new SqliteDatabase(Files.createTempDirectory("swfd-contract"), (n, nanos) -> {});
    return new Opened(
        new SqliteRunStore(db), new JdbcRegistryStore(db), new SqliteMetaStore(db), db);
  }

  @Override
  protected Fresh fresh() throws Exception {
    java.nio.file.Path dir = Files.createTempDirectory("swfd-upgrade");
    return new Fresh() {
      @Override
      public String dialect() {
        return "sqlite";
      }

      @Override
      public java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
            "jdbc:sqlite:" + dir.resolve(SqliteDatabase.FILE_NAME));
      }

      @Override
      public Opened open() {
        SqliteDatabase db = new SqliteDatabase(dir, (n, nanos) -> {});
        return new Opened(
            new SqliteRunStore(db), new JdbcRegistryStore(db), new SqliteMetaStore(db), db);
      }
    };
  }
}
