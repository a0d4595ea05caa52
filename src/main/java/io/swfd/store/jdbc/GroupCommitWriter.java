package io.swfd.store.jdbc;

import io.swfd.store.Fence;
import io.swfd.store.FencedException;
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

  private record Job<T>(SqlWork<T> work, CompletableFuture<T> result, List<Fence> fences) {}

  /**
   * Checks the fences of a batch in its transaction (a store shared by a cluster), one per shard,
   * in shard order: returns those under which the node no longer holds the shard.
   */
  @FunctionalInterface
  public interface Fencer {
    List<Fence> check(Connection c, List<Fence> fences) throws SQLException;
  }

  private volatile Fencer fencer;

  private final Opener opener;
  private Connection connection; // the writer thread's alone once it runs
  private boolean broken; // the connection's transaction is in an unknown state: open a new one
  private SQLException openFailure; // why the last attempt to open it again failed
  private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final CommitObserver observer;

  /** Told of every commit: how many writes it carried and how long it took. */
  public interface CommitObserver {
    void committed(int writes, long nanos);
  }

  /** Opens the writer's connection (again after a failure left it in an unknown state). */
  @FunctionalInterface
  public interface Opener {
    Connection open() throws SQLException;
  }

  private volatile boolean closed;

  public GroupCommitWriter(Opener opener, String name, CommitObserver observer)
      throws SQLException {
    this.opener = opener;
    this.connection = connect(opener);
    this.observer = observer;
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

  /**
   * Sets how the fences of queued writes are checked (before the writer's first fenced write): once
   * per shard and transaction, in shard order, before the batch's writes.
   */
  public GroupCommitWriter fencer(Fencer f) {
    this.fencer = f;
    return this;
  }

  /** Writes queued and not yet taken up by a commit (for tests and metrics). */
  public int waiting() {
    return queue.size();
  }

  public <T> CompletableFuture<T> submit(SqlWork<T> work) {
    return submit(work, List.of());
  }

  /**
   * Queues {@code work} to be committed only while every one of {@code fences} holds (checked in
   * the same transaction, see {@link #fencer}); otherwise it fails with {@link FencedException} and
   * writes nothing.
   */
  public <T> CompletableFuture<T> submit(SqlWork<T> work, List<Fence> fences) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new StoreException("store is closed"));
      return f;
    }
    queue.add(new Job<>(work, f, fences));
    return f;
  }

  private static Connection connect(Opener opener) throws SQLException {
    Connection c = opener.open();
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return CachedStatements.wrap(c);
  }

  /**
   * After a failed batch: the transaction is rolled back, or, if that fails (SQLite ends a
   * transaction itself on some errors, e.g. a full disk, while its driver still thinks one is
   * open), the connection is closed (which rolls back whatever is left) and a new one opened, now
   * or before the next batch.
   */
  private void recover() {
    if (!broken) {
      try {
        connection.rollback();
        return;
      } catch (SQLException e) {
        broken = true;
      }
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // it goes either way
    }
    try {
      connection = connect(opener);
      broken = false;
      openFailure = null;
      log.info("the store's writer connection was opened again");
    } catch (SQLException e) {
      openFailure = e;
      log.warn(
          "opening the store's writer connection again failed; retrying with the next write", e);
    }
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
      if (broken) recover();
      // with why (e.g. the database is down: the caller's answer is then a retryable one)
      if (broken) throw new StoreException("the store cannot be written to", openFailure);
      boolean again = true;
      while (again) {
        again = false;
        if (checkFences(batch, failures)) {
          again = true;
          continue;
        }
        for (int i = 0; i < n; i++) {
          if (failures[i] != null) continue;
          try {
            results[i] = batch.get(i).work().run(connection);
          } catch (Throwable t) {
            failures[i] = t;
            try {
              connection.rollback();
            } catch (SQLException rollbackFailed) {
              // SQLite ended the transaction itself (a full disk): the whole batch fails with t
              broken = true;
              throw t;
            }
            again = true;
            break;
          }
        }
      }
      connection.commit();
    } catch (Throwable commitFailure) {
      log.error("commit of {} writes failed", n, commitFailure);
      recover();
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

  /**
   * Checks the fences of the batch's writes not yet failed, each shard once, in shard order (the
   * order lease renewals lock them in, so the two never deadlock). A fence that no longer holds
   * fails every write made under it; returns true when one did (the transaction is rolled back, and
   * the batch is run again without them).
   */
  private boolean checkFences(List<Job<?>> batch, Throwable[] failures) throws SQLException {
    Fencer check = fencer;
    if (check == null) return false;
    java.util.TreeMap<Integer, Fence> all = new java.util.TreeMap<>();
    List<Fence> conflicting = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (failures[i] != null) continue;
      for (Fence f : batch.get(i).fences()) {
        Fence seen = all.putIfAbsent(f.shard(), f);
        if (seen != null && !seen.equals(f)) conflicting.add(f); // written under two epochs
      }
    }
    if (all.isEmpty()) return false;
    List<Fence> gone = check.check(connection, List.copyOf(all.values()));
    if (!gone.isEmpty()) {
      for (Fence f : gone)
        failFenced(batch, failures, f, new FencedException(f.shard(), f.epoch()));
      connection.rollback();
      return true;
    }
    // writes of one shard under an older epoch than the batch's first: refused on their own
    for (Fence f : conflicting) {
      failFenced(batch, failures, f, new FencedException(f.shard(), f.epoch()));
    }
    return false;
  }

  private static void failFenced(
      List<Job<?>> batch, Throwable[] failures, Fence f, FencedException e) {
    for (int i = 0; i < batch.size(); i++)
      if (failures[i] == null && batch.get(i).fences().contains(f)) failures[i] = e;
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
