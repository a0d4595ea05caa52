package io.swfd.store.jdbc;

import java.util.concurrent.CompletableFuture;

/** How a store runs SQL: reads on any connection, writes in a durable transaction. */
public interface JdbcAccess {
  <T> T read(SqlWork<T> work);

  <T> T write(SqlWork<T> work);

  /**
   * Queues a write and returns at once; the future completes when it is durable. Queued writes
   * commit in the order they were queued. The default writes at once.
   */
  default <T> CompletableFuture<T> submit(SqlWork<T> work) {
    try {
      return CompletableFuture.completedFuture(write(work));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@link #submit(SqlWork)} made under {@code fences}: a store shared by a cluster checks them in
   * the write's transaction and refuses the write ({@link io.swfd.store.FencedException}) when one
   * no longer holds. A store of one node ignores them.
   */
  default <T> CompletableFuture<T> submit(
      SqlWork<T> work, java.util.List<io.swfd.store.Fence> fences) {
    return submit(work);
  }
}
