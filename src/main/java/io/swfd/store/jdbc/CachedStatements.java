package io.swfd.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection that keeps the statements it prepares. The store's one writer thread runs the same
 * dozen statements thousands of times a second, and SQLite compiling each of them again (its
 * prepare) cost about as much as running it. The code that writes stays plain JDBC (prepare, bind,
 * run, close): here {@code prepareStatement} hands back the statement prepared before for the same
 * SQL, and its {@code close} only clears its parameters and batch for the next use. The statements
 * really close with the connection.
 *
 * <p>For a connection used by one thread at a time (the writer's), with at most one use of a given
 * statement open at once (a statement is closed before the same SQL is prepared again).
 */
final class CachedStatements {
  /** More distinct statements than the writer has: SQL made up on the fly is not kept. */
  private static final int MAX_KEPT = 256;

  private CachedStatements() {}

  static Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            CachedStatements.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(connection));
  }

  private static final class ConnectionHandler implements InvocationHandler {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    ConnectionHandler(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (name.equals("prepareStatement")
          && args.length <= 2
          && (args.length == 1 || args[1] instanceof Integer)) {
        // the key: the SQL, and whether generated keys are wanted
        String key = args.length == 1 ? (String) args[0] : args[1] + "\u0000" + args[0];
        PreparedStatement cached = statements.get(key);
        if (cached == null) {
          PreparedStatement real = (PreparedStatement) call(method, connection, args);
          if (statements.size() >= MAX_KEPT) return real;
          cached =
              (PreparedStatement)
                  Proxy.newProxyInstance(
                      CachedStatements.class.getClassLoader(),
                      new Class<?>[] {PreparedStatement.class},
                      new StatementHandler(real));
          statements.put(key, cached);
        }
        return cached;
      }
      if (name.equals("close")) {
        for (PreparedStatement ps : statements.values())
          ((StatementHandler) Proxy.getInvocationHandler(ps)).real.close();
        statements.clear();
      }
      return call(method, connection, args);
    }
  }

  private static final class StatementHandler implements InvocationHandler {
    private final PreparedStatement real;

    StatementHandler(PreparedStatement real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      return switch (method.getName()) {
        case "close" -> {
          real.clearParameters();
          real.clearBatch();
          yield null;
        }
        case "isClosed" -> false;
        default -> call(method, real, args);
      };
    }
  }

  private static Object call(Method method, Object target, Object[] args) throws SQLException {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException sql) throw sql;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
