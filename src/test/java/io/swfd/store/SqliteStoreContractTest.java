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
}
