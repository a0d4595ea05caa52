package io.swfd.server;

import io.swfd.matching.ClusterBus;
import io.swfd.store.MetaStore;
import io.swfd.store.RegistryStore;
import io.swfd.store.RunStore;
import io.swfd.store.jdbc.GroupCommitWriter;
import io.swfd.store.jdbc.JdbcRegistryStore;
import io.swfd.store.postgres.PostgresClusterBus;
import io.swfd.store.postgres.PostgresDatabase;
import io.swfd.store.postgres.PostgresMetaStore;
import io.swfd.store.postgres.PostgresReset;
import io.swfd.store.postgres.PostgresRunStore;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.store.sqlite.SqliteMetaStore;
import io.swfd.store.sqlite.SqliteReset;
import io.swfd.store.sqlite.SqliteRunStore;

/**
 * The store a server runs on, chosen by {@link ServerConfig#store()}: the embedded SQLite file in
 * the data directory (the default; one node), or a PostgreSQL database that several nodes may share
 * (then with a {@link ClusterBus} over LISTEN/NOTIFY).
 *
 * @param sqlite the SQLite database, or null on PostgreSQL
 * @param postgres the PostgreSQL database, or null on SQLite
 */
public record Stores(
    MetaStore meta,
    RegistryStore registry,
    RunStore runs,
    ClusterBus bus,
    SqliteDatabase sqlite,
    PostgresDatabase postgres)
    implements AutoCloseable {

  public static Stores open(ServerConfig config, GroupCommitWriter.CommitObserver observer) {
    String store = config.store();
    if (store == null || store.isBlank() || store.equals("sqlite")) {
      SqliteDatabase db = new SqliteDatabase(config.dataDir(), observer);
      return new Stores(
          new SqliteMetaStore(db),
          new JdbcRegistryStore(db),
          new SqliteRunStore(db),
          ClusterBus.NONE,
          db,
          null);
    }
    if (!config.postgres()) {
      throw new IllegalArgumentException(
          "unknown store '"
              + store
              + "': use sqlite or postgresql://user:password@host:port/database");
    }
    PostgresDatabase db = new PostgresDatabase(store, observer);
    return new Stores(
        new PostgresMetaStore(db),
        new JdbcRegistryStore(db),
        new PostgresRunStore(db),
        new PostgresClusterBus(db),
        null,
        db);
  }

  /** A short description for the startup line (a PostgreSQL password is masked). */
  public String describe(ServerConfig config) {
    return postgres != null ? "store " + postgres.url().display() : "data in " + config.dataDir();
  }

  /** Deletes every domain, type and run (moto's reset); the store's secrets stay. */
  public void deleteAll() {
    if (sqlite != null) {
      SqliteReset.deleteAll(sqlite);
      if (runs instanceof SqliteRunStore kept) kept.forgetKeptHistories();
    } else PostgresReset.deleteAll(postgres);
  }

  @Override
  public void close() {
    bus.close();
    if (sqlite != null) sqlite.close();
    if (postgres != null) postgres.close();
  }
}
