package io.swfd.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.swfd.store.FencedException;
import io.swfd.store.ShardLeases;
import io.swfd.store.ShardLeases.Lease;
import io.swfd.store.jdbc.Sql;
import io.swfd.store.postgres.PostgresDatabase;
import io.swfd.store.postgres.PostgresShardLeases;
import io.swfd.support.TestPostgres;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shard leases on a real (embedded) PostgreSQL: epochs grow on every change of owner, a lease is
 * renewed only under its epoch, a commit fenced by an old epoch writes nothing and a take-over
 * waits for a commit in flight; lease managers balance to a fair share, hand their shards over when
 * they stop, take over a node that went silent, and a paused node comes back to find its shards
 * gone.
 */
class ShardLeasesTest {
  PostgresDatabase db;
  PostgresShardLeases leases;

  @BeforeEach
  void open() {
    db = new PostgresDatabase(TestPostgres.newDatabase("leases"), (n, nanos) -> {});
    leases = new PostgresShardLeases(db);
    leases.ensureShards(8);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void anEpochGrowsOnEveryChangeOfOwnerAndOnlyTheHolderRenews() {
    long now = leases.now();
    Lease a = leases.acquire(3, "a", "http://a", now, now + 10_000).orElseThrow();
    assertThat(a.epoch()).isEqualTo(1);
    assertThat(leases.acquire(3, "b", "http://b", now + 5_000, now + 15_000)).isEmpty();
    assertThat(leases.renew("a", List.of(a), now + 20_000)).hasSize(1);
    // the lease ran out without renewal: b takes it under the next epoch
    Lease b = leases.acquire(3, "b", "http://b", now + 20_000, now + 30_000).orElseThrow();
    assertThat(b.epoch()).isEqualTo(2);
    assertThat(b.address()).isEqualTo("http://b");
    assertThat(leases.renew("a", List.of(a), now + 40_000)).isEmpty();
    assertThat(leases.holds("a", 3, 1)).isFalse();
    assertThat(leases.holds("b", 3, 2)).isTrue();
    leases.release("a", 3, 1); // not a's any more: nothing happens
    assertThat(leases.holds("b", 3, 2)).isTrue();
    leases.release("b", 3, 2);
    Lease again = leases.acquire(3, "a", "http://a", now + 20_001, now + 30_000).orElseThrow();
    assertThat(again.epoch()).isEqualTo(3);
    leases.ensureShards(8); // idempotent: the leases stay
    assertThat(leases.leases()).hasSize(8);
    assertThat(leases.leases().get(3).owner()).isEqualTo("a");
  }

  @Test
  void aCommitUnderAnOldEpochWritesNothingAndATakeOverWaitsForACommitInFlight() throws Exception {
    long now = leases.now();
    Lease a = leases.acquire(5, "a", "http://a", now, now + 1_000).orElseThrow();
    CountDownLatch fenced = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    CompletableFuture<Void> commit =
        CompletableFuture.runAsync(
            () ->
                db.write(
                    c -> {
                      PostgresShardLeases.fence(c, "a", 5, a.epoch());
                      fenced.countDown();
                      awaitLatch(goOn);
                      return Sql.execute(c, "INSERT INTO meta(name, value) VALUES('first', 'a')");
                    }));
    assertThat(fenced.await(30, TimeUnit.SECONDS)).isTrue();
    // b finds the lease expired but must wait for a's commit, which holds the row for share
    CompletableFuture<java.util.Optional<Lease>> takeOver =
        CompletableFuture.supplyAsync(
            () -> leases.acquire(5, "b", "http://b", now + 2_000, now + 12_000));
    Thread.sleep(200);
    assertThat(takeOver).isNotDone();
    goOn.countDown();
    commit.get(30, TimeUnit.SECONDS);
    assertThat(takeOver.get(30, TimeUnit.SECONDS).orElseThrow().epoch()).isEqualTo(a.epoch() + 1);
    // a, not knowing, commits again under its old epoch: refused, and nothing of it is written
    assertThatThrownBy(
            () ->
                db.write(
                    c -> {
                      Sql.execute(c, "INSERT INTO meta(name, value) VALUES('second', 'a')");
                      PostgresShardLeases.fence(c, "a", 5, a.epoch());
                      return null;
                    }))
        .isInstanceOf(FencedException.class);
    assertThat(metaRows()).containsExactly("first");
  }

  private List<String> metaRows() {
    return db.read(
        c -> {
          List<String> out = new java.util.ArrayList<>();
          try (var st = c.createStatement();
              var rs = st.executeQuery("SELECT name FROM meta WHERE value='a' ORDER BY name")) {
            while (rs.next()) out.add(rs.getString(1));
          }
          return out;
        });
  }

  private static void awaitLatch(CountDownLatch l) {
    try {
      l.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A lease store whose calls hang while {@code paused} (a node under SIGSTOP). */
  private ShardLeases pausable(AtomicBoolean paused) {
    return (ShardLeases)
        Proxy.newProxyInstance(
            ShardLeases.class.getClassLoader(),
            new Class<?>[] {ShardLeases.class},
            (proxy, method, args) -> {
              while (paused.get()) Thread.sleep(10);
              try {
                return method.invoke(leases, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private LeaseManager manager(ShardLeases store, String node) {
    return new LeaseManager(
        store,
        node,
        "http://" + node,
        new Shards(8),
        Duration.ofMillis(100),
        Duration.ofMillis(1_000));
  }

  @Test
  void managersShareFairlyHandOverWhenTheyStopAndFenceAPausedNode() {
    Map<String, Set<Integer>> serving = new HashMap<>();
    AtomicBoolean aPaused = new AtomicBoolean();
    LeaseManager a = manager(pausable(aPaused), "a").listener(tracking(serving, "a")).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> a.owned().size() == 8);
    LeaseManager b = manager(leases, "b").listener(tracking(serving, "b")).start();
    LeaseManager c = null;
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.owned().size() == 4 && b.owned().size() == 4);
      assertThat(union(a, b)).hasSize(8);
      assertThat(b.nodes()).extracting(ShardLeases.Node::id).contains("a", "b");

      // a pauses past its lease: b takes its shards under new epochs; a stops serving by itself
      Map<Integer, Long> before = a.owned();
      aPaused.set(true);
      await().atMost(Duration.ofSeconds(30)).until(() -> b.owned().size() == 8);
      assertThat(a.owned()).isEmpty();
      for (Map.Entry<Integer, Long> e : before.entrySet()) {
        assertThat(b.owned().get(e.getKey())).isGreaterThan(e.getValue());
        assertThat(leases.holds("a", e.getKey(), e.getValue())).isFalse();
      }
      aPaused.set(false);
      // a comes back, learns its leases are gone, and gets a fair share again (new epochs)
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.owned().size() == 4 && b.owned().size() == 4);
      for (Map.Entry<Integer, Long> e : a.owned().entrySet())
        if (before.containsKey(e.getKey()))
          assertThat(e.getValue()).isGreaterThan(before.get(e.getKey()));
      assertThat(a.lost()).isGreaterThanOrEqualTo(4);

      // a third node joins: 8 shards over 3 nodes, at most 3 each
      c = manager(leases, "c").start();
      LeaseManager cc = c;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  cc.owned().size() >= 2
                      && union(a, b, cc).size() == 8
                      && a.owned().size() <= 3
                      && b.owned().size() <= 3);
      // a clean stop hands over at once: the others take its shards well before its lease ends
      cc.close();
      c = null;
      await().atMost(Duration.ofSeconds(30)).until(() -> union(a, b).size() == 8);
      assertThat(leases.nodes()).extracting(ShardLeases.Node::id).doesNotContain("c");
    } finally {
      if (c != null) c.close();
      b.close();
      a.close();
    }
    assertThat(leases.leases()).allMatch(l -> l.owner() == null);
    synchronized (serving) {
      assertThat(serving.get("a")).isEmpty();
      assertThat(serving.get("b")).isEmpty();
    }
  }

  private static Set<Integer> union(LeaseManager... ms) {
    Set<Integer> all = new HashSet<>();
    int total = 0;
    for (LeaseManager m : ms) {
      all.addAll(m.owned().keySet());
      total += m.owned().size();
    }
    assertThat(total).as("no shard held twice").isEqualTo(all.size());
    return all;
  }

  private static LeaseManager.Listener tracking(Map<String, Set<Integer>> serving, String node) {
    synchronized (serving) {
      serving.put(node, new HashSet<>());
    }
    return new LeaseManager.Listener() {
      @Override
      public void gained(int shard, long epoch) {
        synchronized (serving) {
          assertThat(serving.get(node).add(shard)).isTrue();
        }
      }

      @Override
      public void lost(int shard) {
        synchronized (serving) {
          assertThat(serving.get(node).remove(shard)).isTrue();
        }
      }
    };
  }

  @Test
  void shardsAreStableAndSpread() {
    Shards s = new Shards(64);
    assertThat(s.ofRun("us-east-1", "d", "wf-1")).isEqualTo(s.ofRun("us-east-1", "d", "wf-1"));
    assertThat(new Shards(64).ofRun("us-east-1", "d", "wf-1"))
        .isEqualTo(s.ofRun("us-east-1", "d", "wf-1"));
    int[] counts = new int[64];
    for (int i = 0; i < 6_400; i++) counts[s.ofRun("us-east-1", "orders", "wf-" + i)]++;
    for (int c : counts) assertThat(c).isBetween(50, 150);
    // fixed for good: nodes of different releases must agree on every run's shard
    assertThat(s.ofRun("us-east-1", "d", "wf-1")).isEqualTo(45);
    assertThat(s.ofTaskList("us-east-1", "d", "activity", "l")).isEqualTo(56);
    assertThat(new Shards(4096).ofRun("us-east-1", "orders", "order-42")).isEqualTo(2298);
  }
}
