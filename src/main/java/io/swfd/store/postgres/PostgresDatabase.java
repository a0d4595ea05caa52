package io.swfd.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.swfd.store.StoreException;
import io.swfd.store.StoreUnavailableException;
import io.swfd.store.jdbc.GroupCommitWriter;
import io.swfd.store.jdbc.SchemaMigrations;
import io.swfd.store.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL database shared by every swfd node: a Hikari pool, the schema migrated at start
 * (under an advisory lock, so that nodes that start together migrate once). Every write is a
 * transaction on a connection of its own, durable when it returns ({@code synchronous_commit} is
 * turned back on for swfd's sessions if the server has it off); PostgreSQL runs concurrent
 * transactions itself, so there is no single writer here as there is for SQLite.
 */
public final class PostgresDatabase implements AutoCloseable, io.swfd.store.jdbc.JdbcAccess {
  /** The advisory lock key of schema migrations (any fixed number swfd alone uses). */
  private static final long MIGRATION_LOCK = 0x73776664L; // "swfd"

  /**
   * Runs on every new connection: a server-wide {@code synchronous_commit=off} must not reach
   * swfd's commits.
   */
  static final String SESSION_SETUP =
      "SELECT CASE WHEN current_setting('synchronous_commit') = 'off' "
          + "THEN set_config('synchronous_commit', 'on', false) END";

  private final PostgresUrl url;
  private final HikariDataSource pool;
  private final GroupCommitWriter.CommitObserver observer;

  /**
   * The writer of the writes a shard's owner queues (group commit, each shard's fence checked in
   * the batch's transaction); opened with the first of them.
   */
  private GroupCommitWriter writer;

  private boolean closed;

  public PostgresDatabase(String store, GroupCommitWriter.CommitObserver observer) {
    this(
        PostgresUrl.parse(store),
        Math.max(8, Runtime.getRuntime().availableProcessors() * 4),
        observer);
  }

  public PostgresDatabase(
      PostgresUrl url, int poolSize, GroupCommitWriter.CommitObserver observer) {
    this.url = url;
    this.observer = observer;
    HikariConfig c = new HikariConfig();
    c.setPoolName("swfd-postgres");
    c.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) c.setUsername(url.user());
    if (url.password() != null) c.setPassword(url.password());
    c.setMaximumPoolSize(poolSize);
    c.setMinimumIdle(Math.min(2, poolSize));
    c.setConnectionTimeout(5_000);
    c.setValidationTimeout(2_000);
    c.setInitializationFailTimeout(15_000);
    c.setConnectionInitSql(SESSION_SETUP);
    c.addDataSourceProperty("ApplicationName", "swfd");
    c.addDataSourceProperty("tcpKeepAlive", "true");
    // a database that vanished without closing the connection (network partition) fails a request
    // after this long instead of holding it forever; swfd's statements take milliseconds
    c.addDataSourceProperty("socketTimeout", "30");
    try {
      pool = new HikariDataSource(c);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at " + url.display() + ": " + rootMessage(e));
    }
    try (Connection migrating = pool.getConnection()) {
      // the advisory lock (held until the migration commits) makes nodes that start together
      // migrate once
      SchemaMigrations.apply(
          migrating, "postgresql", "SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new StoreException("migrating the PostgreSQL schema failed: " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  public PostgresUrl url() {
    return url;
  }

  /** Reads outside a transaction (each statement sees what was committed when it began). */
  @Override
  public <T> T read(SqlWork<T> work) {
    try (Connection c = connection()) {
      try {
        return work.run(c);
      } catch (SQLException | RuntimeException e) {
        throw failed(c, e);
      }
    } catch (SQLException e) {
      throw failed(null, e);
    }
  }

  /**
   * A pooled connection; none to be had within the pool's timeout (the database is down, or no host
   * of a multi-host URL accepts writes yet) is a {@link StoreUnavailableException}.
   */
  private Connection connection() {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "no connection to PostgreSQL at " + url.display() + ": " + rootMessage(e), e);
    }
  }

  /**
   * What a failed statement becomes: the database gone or failing over (the connection broke, the
   * server shuts down, or it no longer accepts writes) is a {@link StoreUnavailableException}, and
   * a connection to a server that turned read-only (a demoted primary) is dropped from the pool, as
   * the pool itself drops broken ones; anything else is passed on as it is ({@link SQLException}s
   * wrapped in a {@link StoreException}).
   */
  private RuntimeException failed(Connection c, Exception e) {
    String state = unavailableState(e);
    if (state != null) {
      if (c != null && state.equals(READ_ONLY)) pool.evictConnection(c);
      return new StoreUnavailableException(
          "PostgreSQL at " + url.display() + " is unavailable: " + rootMessage(e), e);
    }
    if (e instanceof RuntimeException re) return re;
    return new StoreException(e);
  }

  /** SQLSTATE 25006: a write on a server in recovery (a standby, or a primary demoted to one). */
  private static final String READ_ONLY = "25006";

  /**
   * The SQLSTATE of the first connection-class failure among {@code e} and its causes (class 08
   * connection exceptions, 57P01-57P03 shutdown and start-up, 25006 read-only), or null. PostgreSQL
   * Documentation, Appendix A "PostgreSQL Error Codes".
   */
  static String unavailableState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException) return "08000";
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String st = s.getSQLState();
        if (st.startsWith("08")
            || st.equals("57P01")
            || st.equals("57P02")
            || st.equals("57P03")
            || st.equals(READ_ONLY)) return st;
      }
      if (t instanceof java.net.SocketException || t instanceof java.io.EOFException)
        return "08006";
    }
    return null;
  }

  /**
   * Runs {@code work} in one transaction and commits it; anything it throws rolls it back and is
   * passed on (a {@link StoreException} as it is, an {@link SQLException} wrapped). The pool puts
   * the connection back in auto-commit mode.
   */
  @Override
  public <T> T write(SqlWork<T> work) {
    long started = System.nanoTime();
    try (Connection c = connection()) {
      try {
        c.setAutoCommit(false);
        T result = work.run(c);
        c.commit();
        observer.committed(1, System.nanoTime() - started);
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is broken; the pool replaces it
        }
        if (e instanceof Error err) throw err;
        throw failed(c, (Exception) e);
      }
    } catch (SQLException e) {
      throw failed(null, e);
    }
  }

  /**
   * Queued writes (a shard's owner serving its runs from memory) go to one writer, which commits
   * everything waiting in one transaction after checking each shard's fence in it ({@link
   * PostgresShardLeases#fence}); its answer comes once the transaction is durable. Writes queued
   * one after another commit in that order. The database gone or failing over fails them with a
   * {@link StoreUnavailableException}, as {@link #write} does.
   */
  @Override
  public <T> java.util.concurrent.CompletableFuture<T> submit(SqlWork<T> work) {
    return submit(work, java.util.List.of());
  }

  @Override
  public <T> java.util.concurrent.CompletableFuture<T> submit(
      SqlWork<T> work, java.util.List<io.swfd.store.Fence> fences) {
    GroupCommitWriter w;
    try {
      w = writer();
    } catch (SQLException | RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(failed(null, e));
    }
    java.util.concurrent.CompletableFuture<T> out = new java.util.concurrent.CompletableFuture<>();
    var unused =
        w.submit(work, fences)
            .whenComplete(
                (r, t) -> {
                  if (t == null) out.complete(r);
                  else if (t instanceof RuntimeException re && unavailableState(re) == null)
                    out.completeExceptionally(re);
                  else out.completeExceptionally(failed(null, (Exception) unwrapped(t)));
                });
    return out;
  }

  private static Throwable unwrapped(Throwable t) {
    if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null)
      t = t.getCause();
    return t instanceof Exception ? t : new StoreException(t);
  }

  private synchronized GroupCommitWriter writer() throws SQLException {
    if (closed) throw new StoreException("store is closed");
    if (writer == null) {
      writer =
          new GroupCommitWriter(() -> openDedicated("swfd-writer"), "swfd-pg-writer", observer)
              .fencer(PostgresShardLeases::fenceAll);
    }
    return writer;
  }

  /** A connection outside the pool (the cluster bus's LISTEN session), set up like the pool's. */
  public Connection openDedicated() throws SQLException {
    return openDedicated("swfd-listen");
  }

  private Connection openDedicated(String name) throws SQLException {
    Properties p = new Properties();
    if (url.user() != null) p.setProperty("user", url.user());
    if (url.password() != null) p.setProperty("password", url.password());
    p.setProperty("ApplicationName", name);
    p.setProperty("tcpKeepAlive", "true");
    // the writer's statements take milliseconds; a database that vanished fails them (the LISTEN
    // session waits for notifications as long as it likes)
    if (name.equals("swfd-writer")) p.setProperty("socketTimeout", "30");
    p.setProperty("connectTimeout", "5");
    Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
    try (var st = c.createStatement()) {
      st.execute(SESSION_SETUP);
    }
    return c;
  }

  @Override
  public void close() {
    GroupCommitWriter w;
    synchronized (this) {
      closed = true;
      w = writer;
    }
    if (w != null) w.close();
    pool.close();
  }
}
