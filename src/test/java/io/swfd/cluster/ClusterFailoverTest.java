package io.swfd.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Three swfd processes on one PostgreSQL database under load from SDK clients spread over all
 * three, with the fail-over ledger ({@link LedgerLoad}): one node is SIGKILLed, or paused with
 * SIGSTOP for longer than a lease (12 s) and then continued. Either way, every call a node
 * acknowledged is in the histories, nothing is recorded twice, no task is handed to two pollers,
 * and every workflow completes. Each test prints how soon every run answered again (a signal to
 * each of 16 probe workflows, through any node) and when the next workflow completed.
 */
@Tag("failover")
class ClusterFailoverTest {
  static final int WORKFLOWS = 36;
  static Cluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster(3, "failover");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) cluster.close();
  }

  @Test
  void aSigkilledNodesWorkIsServedByTheOthersAndNothingAcknowledgedIsLost() throws Exception {
    Cluster.Node victim = cluster.node(2);
    try (LedgerLoad load = new LedgerLoad(cluster.endpoints(), "failover-kill", 4)) {
      long t0 = System.nanoTime();
      load.register();
      List<String> probes = load.startProbes(16);
      load.startWorkers(4, 4);
      var starter = load.startWorkflows("k-", WORKFLOWS, Duration.ofMillis(120));
      PostgresFailoverTest.awaitCompleted(load, WORKFLOWS / 4, cluster);
      int before = load.completed();
      long killed = System.nanoTime();
      victim.kill();
      Duration served = load.probeAll(probes, killed);
      starter.get(3, TimeUnit.MINUTES);
      awaitEveryWorkflowCompleted(load, "k-");
      Duration next = load.firstCompletionAfter(killed);
      LedgerLoad.Verified v = verify(load, "k-", probes);
      System.out.printf(
          "cluster fail-over, kill -9: node 2 of 3 SIGKILLed after %d of %d workflows completed;"
              + " every probe answered %d ms after the kill, the next workflow completed %s ms"
              + " after it; %s; verified %s; total %d ms%n",
          before,
          WORKFLOWS,
          served.toMillis(),
          next == null ? "-" : String.valueOf(next.toMillis()),
          load.counters(),
          v,
          (System.nanoTime() - t0) / 1_000_000);
    } finally {
      victim.launch();
    }
  }

  @Test
  void aNodePausedForLongerThanALeaseWritesNothingTwice() throws Exception {
    Cluster.Node victim = cluster.node(1);
    try (LedgerLoad load = new LedgerLoad(cluster.endpoints(), "failover-pause", 4)) {
      long t0 = System.nanoTime();
      load.register();
      List<String> probes = load.startProbes(16);
      load.startWorkers(4, 4);
      var starter = load.startWorkflows("p-", WORKFLOWS, Duration.ofMillis(120));
      PostgresFailoverTest.awaitCompleted(load, WORKFLOWS / 4, cluster);
      int before = load.completed();
      long paused = System.nanoTime();
      victim.pause();
      Duration served;
      try {
        served = load.probeAll(probes, paused);
        long left = TimeUnit.SECONDS.toNanos(12) - (System.nanoTime() - paused);
        if (left > 0) LedgerLoad.sleep(left / 1_000_000);
      } finally {
        victim.resume();
      }
      long resumed = System.nanoTime();
      starter.get(3, TimeUnit.MINUTES);
      awaitEveryWorkflowCompleted(load, "p-");
      Duration next = load.firstCompletionAfter(paused);
      // what the paused node still had in hand when it went on has been done (or refused) by now
      LedgerLoad.sleep(2000);
      LedgerLoad.Verified v = verify(load, "p-", probes);
      System.out.printf(
          "cluster fail-over, kill -STOP: node 1 of 3 paused for %d ms after %d of %d workflows"
              + " completed; every probe answered %d ms after the pause, the next workflow"
              + " completed %s ms after it; %s; verified %s; total %d ms%n",
          (resumed - paused) / 1_000_000,
          before,
          WORKFLOWS,
          served.toMillis(),
          next == null ? "-" : String.valueOf(next.toMillis()),
          load.counters(),
          v,
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /**
   * Waits for every workflow of the load; else fails with what is unfinished and the nodes' logs.
   */
  private static void awaitEveryWorkflowCompleted(LedgerLoad load, String prefix) {
    if (load.awaitCompleted(prefix, WORKFLOWS, Duration.ofMinutes(2))) return;
    try (SwfClient reader = cluster.node(0).client(Duration.ofSeconds(10))) {
      throw new AssertionError(
          "not every workflow completed; "
              + load.counters()
              + "\n"
              + load.incomplete(prefix, WORKFLOWS, reader)
              + String.join("\n", load.ledger.problems)
              + "\n"
              + cluster.logs());
    }
  }

  static LedgerLoad.Verified verify(LedgerLoad load, String prefix, List<String> probes) {
    load.stopWorkers();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) ids.add(prefix + i);
    try (SwfClient reader = cluster.node(0).client(Duration.ofSeconds(10))) {
      return load.verify(reader, ids, probes);
    }
  }
}
