package io.swfd.store.jdbc;

import io.swfd.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a store. Concurrent callers hand it their work; it runs everything that is
 * waiting in one transaction (a failing piece is left out, see {@link #runBatch}), commits once,
 * and only then answers every caller. A durable commit (fsync) is the ceiling of a store; sharing
 * it among all waiting requests is how throughput goes past that ceiling without giving up
 * durability: nobody is answered before their write is on disk.
 */
public final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 1024;

  private record Job<T>(SqlWork<T> work, CompletableFuture<T> result) {}

  private final Connection connection;
  private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final CommitObserver observer;

  /** Told of every commit: how many writes it carried and how long it took. */
  public interface CommitObserver {
    void committed(int writes, long nanos);
  }

  private volatile boolean closed;

  public GroupCommitWriter(Connection connection, String name, CommitObserver observer)
      throws SQLException {
    this.connection = CachedStatements.wrap(connection);
    this.observer = observer;
    connection.setAutoCommit(false);
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs the work in a committed transaction and waits for the commit. */
  public <T> T write(SqlWork<T> work) {
    try {
      return submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for commit", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new StoreException(cause);
    }
  }

  public <T> CompletableFuture<T> submit(SqlWork<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new StoreException("store is closed"));
      return f;
    }
    queue.add(new Job<>(work, f));
    return f;
  }

  private void loop() {
    List<Job<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Job<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        if (closed) break;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Runs the batch's work one piece after another in one transaction and commits it. A piece that
   * fails had seen only what the pieces before it wrote, and those succeeded; so the transaction is
   * rolled back and run again without it (the others do the same on the same rows), until none
   * fails. A failure (a stale run, a workflowId in use) thus costs one more run of the batch rather
   * than a savepoint around every piece, which cost more than many of the pieces.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void runBatch(List<Job<?>> batch) {
    int n = batch.size();
    Throwable[] failures = new Throwable[n];
    Object[] results = new Object[n];
    long started = System.nanoTime();
    try {
      boolean again = true;
      while (again) {
        again = false;
        for (int i = 0; i < n; i++) {
          if (failures[i] != null) continue;
          try {
            results[i] = batch.get(i).work().run(connection);
          } catch (Throwable t) {
            failures[i] = t;
            connection.rollback();
            again = true;
            break;
          }
        }
      }
      connection.commit();
    } catch (Throwable commitFailure) {
      log.error("commit of {} writes failed", n, commitFailure);
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the failure below is what callers need to know
      }
      for (Job<?> job : batch)
        job.result().completeExceptionally(new StoreException(commitFailure));
      return;
    }
    observer.committed(n, System.nanoTime() - started);
    for (int i = 0; i < n; i++) {
      CompletableFuture f = batch.get(i).result();
      if (failures[i] != null)
        f.completeExceptionally(
            failures[i] instanceof CompletionException ce ? ce.getCause() : failures[i]);
      else f.complete(results[i]);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // whoever still waits hears that it did not happen (nobody waits for ever)
    for (Job<?> job; (job = queue.poll()) != null; )
      job.result().completeExceptionally(new StoreException("store is closed"));
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the writer connection failed", e);
    }
  }
}
