package io.swfd.store.jdbc;

/** How a store runs SQL: reads on any connection, writes in a durable transaction. */
public interface JdbcAccess {
  <T> T read(SqlWork<T> work);

  <T> T write(SqlWork<T> work);
}
