package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client loops (threads named {@code bench-*}) that run one step after another until stopped. A
 * failed step is counted as an error on the scenario's result, by fault type.
 */
final class Workers implements AutoCloseable {
  interface Step {
    void run(int worker) throws Exception;
  }

  private final ScenarioResult result;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  Workers(ScenarioResult result) {
    this.result = result;
  }

  boolean stopped() {
    return stopped;
  }

  Workers spawn(String name, int count, Step step) {
    for (int i = 0; i < count; i++) {
      int worker = i;
      Thread t =
          new Thread(
              () -> {
                while (!stopped) {
                  try {
                    step.run(worker);
                  } catch (InterruptedException e) {
                    return;
                  } catch (SwfHttpClient.SwfCallException e) {
                    if (stopped) return;
                    result.error(e.op + ":" + e.type, e.getMessage());
                    pause(e.status == 0 ? 50 : 5);
                  } catch (Exception e) {
                    if (stopped) return;
                    result.error(e.getClass().getSimpleName(), String.valueOf(e));
                    pause(50);
                  }
                }
              },
              "bench-" + name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A long poll that gives up (null) when the workers are stopped; the request is abandoned (its
   * server-side poll ends with its hold, or when the server notices the closed connection).
   */
  JsonNode longPoll(SwfHttpClient c, String op, ObjectNode in) throws Exception {
    if (c.raw()) return c.call(op, in, () -> stopped);
    CompletableFuture<JsonNode> f = c.callAsync(op, in);
    while (true) {
      try {
        return f.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (stopped) {
          f.cancel(true);
          return null;
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception x) throw x;
        throw e;
      }
    }
  }

  /** Stops every loop and waits (a bounded time) for the threads to end. */
  @Override
  public void close() {
    stopped = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (Thread t : threads) if (t.isAlive()) t.interrupt();
  }
}
