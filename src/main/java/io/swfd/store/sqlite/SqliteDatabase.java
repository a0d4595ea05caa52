package io.swfd.store.sqlite;

import io.swfd.store.StoreException;
import io.swfd.store.jdbc.ConnectionPool;
import io.swfd.store.jdbc.GroupCommitWriter;
import io.swfd.store.jdbc.SchemaMigrations;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store's file: WAL mode, one writer connection (group commit), a few readers. {@code
 * synchronous=FULL} makes every commit durable (fsync) before a caller is answered.
 */
public final class SqliteDatabase implements AutoCloseable, io.swfd.store.jdbc.JdbcAccess {
  public static final String FILE_NAME = "swfd.db";

  public static final String LOCK_FILE = "swfd.lock";

  private final String url;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final GroupCommitWriter writer;
  private final ConnectionPool readers;

  public SqliteDatabase(Path dataDir, GroupCommitWriter.CommitObserver observer) {
    try {
      Files.createDirectories(dataDir);
      // one server per data directory: a second one would only trip over SQLite's busy errors
      lockChannel =
          FileChannel.open(
              dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
      if (lock == null) {
        lockChannel.close();
        throw new StoreException(
            "the data directory " + dataDir.toAbsolutePath() + " is in use by another swfd server");
      }
      url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
      NativeLibrary.useCachedCopy();
      migrate();
      writer = new GroupCommitWriter(() -> open(false), "swfd-sqlite-writer", observer);
      readers =
          new ConnectionPool(
              Math.max(4, Runtime.getRuntime().availableProcessors() * 2), () -> open(true));
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  private void migrate() throws SQLException {
    try (Connection c = open(false)) {
      SchemaMigrations.apply(
          c, "sqlite", null); // one server per directory (the lock file): no lock needed
    }
  }

  private Connection open(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(30_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // 16 MB of pages per connection (SQLite's default is 2 MB): the pages the writer touches (the
    // newest rows of every table and index) stay cached between commits instead of being read back
    // from the file with a system call each
    config.setCacheSize(-16 * 1024);
    config.setReadOnly(readOnly);
    return DriverManager.getConnection(url, config.toProperties());
  }

  public GroupCommitWriter writer() {
    return writer;
  }

  @Override
  public <T> T read(io.swfd.store.jdbc.SqlWork<T> work) {
    return readers.read(work);
  }

  /** Durable when it returns; shares its commit with whatever else is waiting (group commit). */
  @Override
  public <T> T write(io.swfd.store.jdbc.SqlWork<T> work) {
    return writer.write(work);
  }

  /** Queued for the one writer (in queue order); durable when the future completes. */
  @Override
  public <T> java.util.concurrent.CompletableFuture<T> submit(io.swfd.store.jdbc.SqlWork<T> work) {
    return writer.submit(work);
  }

  public ConnectionPool readers() {
    return readers;
  }

  @Override
  public void close() {
    writer.close();
    readers.close();
    try {
      lock.release();
      lockChannel.close();
    } catch (java.io.IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
