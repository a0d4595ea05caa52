package io.swfd.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of writing that runs inside the writer's transaction. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
