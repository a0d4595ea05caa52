package io.swfd.matching;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the nodes of a cluster (several swfd processes on one shared store) tell each other about
 * committed changes that their in-memory matching and timer indexes must learn: tasks scheduled and
 * tasks no longer startable, deadlines armed and disarmed. Only hints: the store stays the truth,
 * every unit of work re-reads it, so a lost or late message costs latency (a periodic sweep catches
 * up), never correctness. A node alone on its store uses {@link #NONE}.
 */
public interface ClusterBus extends AutoCloseable {
  /**
   * What one committed unit of work changed in one run, and the run's version after it (0: not
   * known). Tasks carry no meaningful sequence (each node orders them by arrival).
   */
  record Change(
      long runPk,
      long version,
      List<PendingTask> offered,
      List<PendingTask> gone,
      Map<String, Instant> armed,
      Set<String> disarmed,
      boolean disarmedAll) {
    public boolean isEmpty() {
      return version == 0
          && offered.isEmpty()
          && gone.isEmpty()
          && armed.isEmpty()
          && disarmed.isEmpty()
          && !disarmedAll;
    }

    public static Change gone(PendingTask t) {
      return new Change(t.runPk(), 0, List.of(), List.of(t), Map.of(), Set.of(), false);
    }
  }

  /** What a node does with the other nodes' changes. */
  interface Listener {
    void changed(Change change);

    /**
     * Messages may have been missed (the connection was lost and is back): look at the store now.
     */
    void resync();
  }

  /** Tells the other nodes (asynchronously; never blocks a request on the network). */
  void publish(Change change);

  /** Starts delivering the other nodes' changes (not this node's own) to {@code listener}. */
  void listen(Listener listener);

  /**
   * True when other nodes may share the store (the engine then trusts nothing it keeps in memory).
   */
  boolean shared();

  @Override
  void close();

  ClusterBus NONE =
      new ClusterBus() {
        @Override
        public void publish(Change change) {}

        @Override
        public void listen(Listener listener) {}

        @Override
        public boolean shared() {
          return false;
        }

        @Override
        public void close() {}
      };
}
