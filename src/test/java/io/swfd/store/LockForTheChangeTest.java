package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * A run's lock is held while its state changes and its write is queued, not until the write is on
 * disk: while a commit is held up, two heartbeats of two tasks of the same run both reach the
 * store's writer (with the lock held to the disk, the second would wait for the first's commit),
 * and a describe of the run is answered only once they are durable.
 */
class LockForTheChangeTest {
  private static final String DOMAIN = "lock";

  @Test
  void twoHeartbeatsOfOneRunAreQueuedTogetherAndAReadWaitsForThem() throws Exception {
    try (RunningSwfd swfd = new RunningSwfd()) {
      SqliteDatabase db = swfd.server().sqlite();
      assumeTrue(
          db != null, "the embedded store's writer (a shared store commits before it goes on)");
      SwfClient swf = swfd.client();
      swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain(DOMAIN)
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("decisions"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("600")
                  .defaultChildPolicy("TERMINATE"));
      swf.registerActivityType(
          r ->
              r.domain(DOMAIN)
                  .name("act")
                  .version("1")
                  .defaultTaskList(t -> t.name("activities"))
                  .defaultTaskHeartbeatTimeout("3600")
                  .defaultTaskScheduleToStartTimeout("3600")
                  .defaultTaskScheduleToCloseTimeout("7200")
                  .defaultTaskStartToCloseTimeout("3600"));
      String runId =
          swf.startWorkflowExecution(
                  r ->
                      r.domain(DOMAIN)
                          .workflowId("fan")
                          .workflowType(t -> t.name("wf").version("1")))
              .runId();
      PollForDecisionTaskResponse d =
          swf.pollForDecisionTask(r -> r.domain(DOMAIN).taskList(t -> t.name("decisions")));
      List<Decision> two = new ArrayList<>();
      for (String id : List.of("a", "b"))
        two.add(
            Decision.builder()
                .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                .scheduleActivityTaskDecisionAttributes(
                    a -> a.activityId(id).activityType(t -> t.name("act").version("1")))
                .build());
      swf.respondDecisionTaskCompleted(r -> r.taskToken(d.taskToken()).decisions(two));
      List<String> tokens = new ArrayList<>();
      while (tokens.size() < 2) {
        PollForActivityTaskResponse t =
            swf.pollForActivityTask(r -> r.domain(DOMAIN).taskList(l -> l.name("activities")));
        if (t.taskToken() != null && !t.taskToken().isEmpty()) tokens.add(t.taskToken());
      }

      // the writer is busy with a commit that does not end until released
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> slowCommit =
          db.writer()
              .submit(
                  c -> {
                    entered.countDown();
                    try {
                      release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return null;
                  });
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<?>> beats = new ArrayList<>();
      for (String token : tokens)
        beats.add(
            CompletableFuture.runAsync(
                () -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(token).details("beat"))));
      // both heartbeats got past the run's lock and wait in the writer's queue together
      await().atMost(Duration.ofSeconds(20)).until(() -> db.writer().waiting() >= 2);
      CompletableFuture<DescribeWorkflowExecutionResponse> describe =
          CompletableFuture.supplyAsync(
              () ->
                  swf.describeWorkflowExecution(
                      r -> r.domain(DOMAIN).execution(e -> e.workflowId("fan").runId(runId))));
      assertThat(beats).noneMatch(CompletableFuture::isDone); // nothing is durable yet
      assertThat(describe).isNotDone();

      release.countDown();
      slowCommit.get(10, TimeUnit.SECONDS);
      for (CompletableFuture<?> b : beats) b.get(30, TimeUnit.SECONDS);
      assertThat(describe.get(30, TimeUnit.SECONDS).openCounts().openActivityTasks()).isEqualTo(2);
    }
  }
}
