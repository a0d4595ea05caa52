package io.swfd.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.SwfException;

/**
 * A node that lost its shard without knowing it (here: another owner is written into the lease row
 * behind its back, and it renews only every 30 s) serves the shard's runs from memory until its
 * first commit: the fencing check in the commit's transaction refuses it, the caller gets 503
 * ServiceUnavailable (SWF's retryable error), nothing of it is written, {@code
 * swfd_cluster_commits_fenced_total} counts it, and the node stops serving the shard from memory:
 * the call repeated is served from the store (the new owner cannot be reached here).
 */
class FencedCommitTest {
  static final String DOMAIN = "fenced";
  static Cluster cluster;
  static String database;

  @BeforeAll
  static void start() throws Exception {
    database = TestPostgres.newDatabase("fenced");
    cluster =
        new Cluster(
            1,
            "fenced",
            database,
            List.of("-Dswfd.cluster.renewSeconds=30", "-Dswfd.cluster.leaseSeconds=120"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) cluster.close();
  }

  @Test
  void aCommitUnderALostLeaseIsRefusedAndWritesNothing() throws Exception {
    Cluster.Node node = cluster.node(0);
    SwfClient swf = node.client(Duration.ofSeconds(15), false);
    swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(DOMAIN)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("600")
                .defaultTaskStartToCloseTimeout("30")
                .defaultChildPolicy("TERMINATE"));
    // the node owns every shard (it is alone), so the run is held in its memory
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> owned(node).size() == Shards.DEFAULT_COUNT);
    String runId =
        swf.startWorkflowExecution(
                r -> r.domain(DOMAIN).workflowId("w").workflowType(t -> t.name("wf").version("1")))
            .runId();
    swf.signalWorkflowExecution(r -> r.domain(DOMAIN).workflowId("w").signalName("first"));

    assertThat(metric(node, "swfd_cluster_runs_held")).isEqualTo(1);
    int shard = new Shards(Shards.DEFAULT_COUNT).ofRun("us-east-1", DOMAIN, "w");
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:"
                    + TestPostgres.server().getPort()
                    + database.substring(database.lastIndexOf('/')),
                "postgres",
                "postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE shard_leases SET owner='thief', owner_address='http://127.0.0.1:9', "
                    + "epoch=epoch+1, expires_at=expires_at+3600000 WHERE shard=?")) {
      ps.setInt(1, shard);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    assertThatThrownBy(
            () ->
                swf.signalWorkflowExecution(
                    r -> r.domain(DOMAIN).workflowId("w").signalName("fenced")))
        .isInstanceOfSatisfying(
            SwfException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
            });
    assertThat(signals(swf, runId)).containsExactly("first");
    assertThat(metric(node, "swfd_cluster_commits_fenced_total")).isGreaterThanOrEqualTo(1);
    // the shard's runs left memory
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> metric(node, "swfd_cluster_runs_held") == 0);

    // the node no longer serves the shard from memory: the next signal is read and written through
    // the store (the thief's address refuses the forward, so it is served here)
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !owned(node).contains(shard));
    swf.signalWorkflowExecution(r -> r.domain(DOMAIN).workflowId("w").signalName("second"));
    assertThat(signals(swf, runId)).containsExactly("first", "second");
    assertThat(metric(node, "swfd_cluster_runs_held")).isZero();
  }

  private static List<String> signals(SwfClient swf, String runId) {
    return swf
        .getWorkflowExecutionHistoryPaginator(
            r -> r.domain(DOMAIN).execution(e -> e.workflowId("w").runId(runId)))
        .events()
        .stream()
        .filter(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_SIGNALED)
        .map(HistoryEvent::workflowExecutionSignaledEventAttributes)
        .map(a -> a.signalName())
        .toList();
  }

  private static List<Integer> owned(Cluster.Node node) throws Exception {
    var health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(node.get("/health"));
    List<Integer> out = new java.util.ArrayList<>();
    for (var s : health.path("cluster").path("ownedShards")) out.add(s.asInt());
    return out;
  }

  private static double metric(Cluster.Node node, String name) throws Exception {
    double sum = 0;
    for (String line : node.get("/metrics").split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{"))
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    }
    return sum;
  }
}
