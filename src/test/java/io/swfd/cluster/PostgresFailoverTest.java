package io.swfd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.PostgresStandbyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * PostgreSQL high availability: a primary with a synchronous standby (on this machine, {@link
 * PostgresStandbyPair}), an swfd node on the multi-host URL naming both, SDK clients starting,
 * signalling, heartbeating and completing work with a ledger of every acknowledged call. The
 * primary is SIGKILLed under load, the standby promoted; the node reconnects by itself (its
 * requests meanwhile are answered 503, never 500), the load finishes, and every acknowledged call
 * is in the histories.
 */
@Tag("failover")
class PostgresFailoverTest {
  static final int WORKFLOWS = 40;

  @Test
  void everyAcknowledgedCallSurvivesAFailOverToTheSynchronousStandby() throws Exception {
    try (PostgresStandbyPair pg = new PostgresStandbyPair();
        Cluster cluster = new Cluster(1, "pgha", pg.multiHostUrl());
        LedgerLoad load = new LedgerLoad(cluster.endpoints(), "pg-failover", 4)) {
      long t0 = System.nanoTime();
      load.register();
      List<String> probes = load.startProbes(8);
      load.startWorkers(3, 3);
      var starter = load.startWorkflows("wf-", WORKFLOWS, Duration.ofMillis(150));
      awaitCompleted(load, WORKFLOWS / 5, cluster);
      int completedBefore = load.completed();
      long killed = System.nanoTime();
      pg.killPrimary();
      LedgerLoad.sleep(2000); // the node has no database meanwhile
      long promoting = System.nanoTime();
      pg.promoteStandby();
      long promoted = System.nanoTime();
      Duration served = load.probeAll(probes, promoted);
      starter.get(3, TimeUnit.MINUTES);
      assertThat(load.awaitCompleted("wf-", WORKFLOWS, Duration.ofMinutes(3)))
          .as("every workflow completes; %s%n%s", load.counters(), cluster.logs())
          .isTrue();
      Duration firstCompletion = load.firstCompletionAfter(promoted);
      load.stopWorkers();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) ids.add("wf-" + i);
      LedgerLoad.Verified v;
      try (SwfClient reader = cluster.node(0).client(Duration.ofSeconds(10))) {
        v = load.verify(reader, ids, probes);
      }
      System.out.printf(
          "postgres fail-over: primary SIGKILLed after %d of %d workflows completed; standby promoted"
              + " %d ms later (pg_promote took %d ms); every probe answered %d ms after the"
              + " promotion, the first workflow completed %s ms after it; %s; verified %d workflows,"
              + " %d events, %d acknowledged calls, %d tasks handed out once, %d heartbeat timeouts;"
              + " total %d ms%n",
          completedBefore,
          WORKFLOWS,
          (promoting - killed) / 1_000_000,
          (promoted - promoting) / 1_000_000,
          served.toMillis(),
          firstCompletion == null ? "-" : String.valueOf(firstCompletion.toMillis()),
          load.counters(),
          v.workflows(),
          v.events(),
          v.acknowledged(),
          v.tasksHandedOut(),
          v.heartbeatsChecked(),
          (System.nanoTime() - t0) / 1_000_000);
      assertThat(load.ledger.answered500).as("answers 500 while failing over").hasValue(0);
      assertThat(v.heartbeatsChecked()).as("heartbeat timeouts checked").isPositive();
    }
  }

  static void awaitCompleted(LedgerLoad load, int n, Cluster cluster) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (load.completed() < n) {
      if (System.nanoTime() > deadline)
        throw new AssertionError(
            "only "
                + load.completed()
                + " workflows completed; "
                + load.counters()
                + "\n"
                + cluster.logs());
      LedgerLoad.sleep(100);
    }
  }
}
