package io.swfd.store.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swfd.store.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one writer of a store. Concurrent callers hand it their work; it runs everything that is
 * waiting in one transaction (each piece inside its own savepoint, so one failing piece does not
 * spoil the others), commits once, and only then answers every caller. A durable commit (fsync)
 * is the ceiling of a store; sharing it among all waiting requests is how throughput goes past
 * that ceiling without giving up durability: nobody is answered before their write is on disk.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 1024;

    private record Job<T>(SqlWork<T> work, CompletableFuture<T> result) {
    }

    private final Connection connection;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CommitObserver observer;

    /** Told of every commit: how many writes it carried and how long it took. */
    public interface CommitObserver {
        void committed(int writes, long nanos);
    }
    private volatile boolean closed;

    public GroupCommitWriter(Connection connection, String name, CommitObserver observer) throws SQLException {
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
        List<Object> results = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Job<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch, results);
            } catch (InterruptedException e) {
                if (closed) break;
            } finally {
                batch.clear();
                results.clear();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runBatch(List<Job<?>> batch, List<Object> results) {
        Throwable[] failures = new Throwable[batch.size()];
        long started = System.nanoTime();
        try {
            if (batch.size() == 1) {
                // alone in its transaction: a failure rolls back the whole of it, no savepoint needed
                try {
                    results.add(batch.get(0).work().run(connection));
                } catch (Throwable t) {
                    failures[0] = t;
                    results.add(null);
                    connection.rollback();
                }
            } else {
                for (int i = 0; i < batch.size(); i++) {
                    execute("SAVEPOINT w");
                    try {
                        results.add(batch.get(i).work().run(connection));
                        execute("RELEASE w");
                    } catch (Throwable t) {
                        failures[i] = t;
                        results.add(null);
                        execute("ROLLBACK TO w");
                        execute("RELEASE w");
                    }
                }
            }
            connection.commit();
        } catch (Throwable commitFailure) {
            log.error("commit of {} writes failed", batch.size(), commitFailure);
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the failure below is what callers need to know
            }
            for (Job<?> job : batch) job.result().completeExceptionally(new StoreException(commitFailure));
            return;
        }
        observer.committed(batch.size(), System.nanoTime() - started);
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture f = batch.get(i).result();
            if (failures[i] != null) f.completeExceptionally(failures[i] instanceof CompletionException ce ? ce.getCause() : failures[i]);
            else f.complete(results.get(i));
        }
    }

    /** A savepoint statement (prepared once, like every statement of the writer). */
    private void execute(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.execute();
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
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the writer connection failed", e);
        }
    }
}
