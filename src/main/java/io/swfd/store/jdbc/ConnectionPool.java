package io.swfd.store.jdbc;

import io.swfd.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A fixed set of read connections (SQLite connections are not safe to share between threads). */
public final class ConnectionPool implements AutoCloseable {
  public interface Factory {
    Connection open() throws SQLException;
  }

  private final BlockingQueue<Connection> idle;

  public ConnectionPool(int size, Factory factory) throws SQLException {
    idle = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) idle.add(factory.open());
  }

  public <T> T read(SqlWork<T> work) {
    Connection c;
    try {
      c = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(e);
    }
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(e);
    } finally {
      idle.add(c);
    }
  }

  @Override
  public void close() {
    for (Connection c : idle) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing on shutdown; nothing left to do
      }
    }
  }
}
