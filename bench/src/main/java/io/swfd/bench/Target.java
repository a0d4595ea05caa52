package io.swfd.bench;

import io.swfd.server.SwfdServer;
import java.io.IOException;
import java.time.Duration;

/** What the scenarios run against: {@link InProcessTarget}, {@link EndpointTarget} or moto. */
interface Target {
  /** The column name in the tables and the JSON ("swfd", "server", "moto"). */
  String name();

  /** One line saying what it is, for the report. */
  String describe();

  /** Makes the target ready for one scenario (a fresh server where the target starts one). */
  Session open() throws Exception;

  /**
   * One scenario's connection to a target.
   *
   * @param endpoint its URL
   * @param probe reads its threads, memory and CPU
   * @param server the in-process server, else null
   * @param pollHold how long it holds an empty long poll, when known
   * @param scopeAuth whether to sign requests with credentials of a scope (an external server may
   *     demand them)
   * @param startMs how long it took to start, when it was started for this scenario
   * @param closer stops what {@link Target#open} started, or null
   */
  /**
   * Stops what {@link Target#open} started. It throws no {@link InterruptedException}: one that
   * waits for a process gives up waiting when interrupted and keeps the thread's interrupt.
   */
  @FunctionalInterface
  interface Closer {
    void close() throws IOException;
  }

  record Session(
      String endpoint,
      ServerProbe probe,
      SwfdServer server,
      Duration pollHold,
      boolean scopeAuth,
      Double startMs,
      Closer closer)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      probe.close();
      if (closer != null) closer.close();
    }
  }
}
