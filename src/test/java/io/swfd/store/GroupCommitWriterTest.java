package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.store.jdbc.GroupCommitWriter;
import io.swfd.store.jdbc.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite writer's group commit: pieces waiting together share one commit, and a failing piece
 * spoils none of the others.
 */
class GroupCommitWriterTest {
  @TempDir Path dir;

  @Test
  void aFailingPieceIsLeftOutAndTheRestOfItsBatchCommits() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("t.db");
    try (Connection setup = DriverManager.getConnection(url)) {
      Sql.execute(setup, "CREATE TABLE t (k TEXT PRIMARY KEY)");
    }
    AtomicInteger largestBatch = new AtomicInteger();
    try (GroupCommitWriter writer =
        new GroupCommitWriter(
            () -> DriverManager.getConnection(url),
            "test-writer",
            (writes, nanos) -> largestBatch.accumulateAndGet(writes, Math::max))) {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch hold = new CountDownLatch(1);
      CompletableFuture<Object> blocker =
          writer.submit(
              c -> {
                entered.countDown();
                try {
                  hold.await(
                      5, TimeUnit.SECONDS); // the writer waits here while the next pieces queue up
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return null;
              });
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Void>> pieces = new ArrayList<>();
      for (String k : List.of("a", "b", "a", "c", "b", "d")) {
        pieces.add(writer.submit(c -> Sql.execute(c, "INSERT INTO t(k) VALUES(?)", k)));
      }
      hold.countDown();
      blocker.get(5, TimeUnit.SECONDS);
      List<Boolean> ok = new ArrayList<>();
      for (CompletableFuture<Void> p : pieces) {
        ok.add(p.handle((v, t) -> t == null).get(5, TimeUnit.SECONDS));
      }
      // the second "a" and "b" found their keys written by an earlier piece of the same batch
      assertThat(ok).containsExactly(true, true, false, true, false, true);
      assertThat(largestBatch.get()).isEqualTo(6);
      List<String> keys =
          writer.write(
              c -> {
                List<String> out = new ArrayList<>();
                try (var rs = c.createStatement().executeQuery("SELECT k FROM t ORDER BY k")) {
                  while (rs.next()) out.add(rs.getString(1));
                }
                return out;
              });
      assertThat(keys).containsExactly("a", "b", "c", "d");
    }
  }
}
