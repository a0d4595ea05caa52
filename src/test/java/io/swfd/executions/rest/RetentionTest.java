package io.swfd.executions.rest;

import static io.swfd.support.Decisions.continueAsNew;
import static io.swfd.support.Decisions.startChild;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.unique;
import static io.swfd.support.SwfTestClient.unknownExecution;
import static io.swfd.support.SwfTestClient.unknownResource;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static software.amazon.awssdk.services.swf.model.EventType.CHILD_WORKFLOW_EXECUTION_COMPLETED;
import static software.amazon.awssdk.services.swf.model.EventType.CHILD_WORKFLOW_EXECUTION_STARTED;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * A closed run and its history disappear once the domain's retention period has passed; open runs
 * stay.
 */
class RetentionTest {
  private static SwfTestClient kit;
  private static SwfClient swf;

  @BeforeAll
  static void up() {
    kit = SwfTestClient.manual();
    swf = kit.swf();
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  private boolean gone(String d, WorkflowExecution e) {
    try {
      kit.describe(d, e);
      return false;
    } catch (UnknownResourceException x) {
      return true;
    }
  }

  private void awaitGone(String d, WorkflowExecution e) {
    await().atMost(10, SECONDS).pollInterval(20, MILLISECONDS).until(() -> gone(d, e));
    assertGone(d, e);
  }

  private void assertGone(String d, WorkflowExecution e) {
    assertThat(message(unknownResource(() -> kit.describe(d, e)))).isEqualTo(unknownExecution(e));
    assertThat(
            message(
                unknownResource(
                    () -> swf.getWorkflowExecutionHistory(r -> r.domain(d).execution(e)))))
        .isEqualTo(unknownExecution(e));
    assertThat(
            swf.listClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))
                            .executionFilter(f -> f.workflowId(e.workflowId())))
                .executionInfos())
        .noneMatch(i -> i.execution().equals(e));
  }

  /** The run is still there (and stays there for a moment). */
  private void assertKept(String d, WorkflowExecution e) {
    await()
        .during(300, MILLISECONDS)
        .atMost(3, SECONDS)
        .pollInterval(50, MILLISECONDS)
        .until(() -> !gone(d, e));
    assertThat(kit.history(d, e)).isNotEmpty();
  }

  @Test
  void zeroDaysRemovesAClosedRunAsSoonAsItCloses() {
    String d = kit.domain("ret0", "0");
    WorkflowExecution completed = kit.start(d, unique("w"));
    kit.decide(d, completed, Decisions.complete("done"));
    WorkflowExecution terminated = kit.start(d, unique("w"));
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(terminated.workflowId()));
    awaitGone(d, completed);
    awaitGone(d, terminated);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r -> r.domain(d).closeTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
                .count())
        .isZero();
    // the workflowId is free again, and its new run is a different one
    WorkflowExecution again = kit.start(d, completed.workflowId());
    assertThat(again.runId()).isNotEqualTo(completed.runId());
    assertThat(kit.describe(d, again).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    // calls naming the removed run are refused like any unknown run
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.signalWorkflowExecution(
                            r ->
                                r.domain(d)
                                    .workflowId(completed.workflowId())
                                    .runId(completed.runId())
                                    .signalName("s")))))
        .isEqualTo(unknownExecution(completed));
  }

  @Test
  void zeroDaysStillLetsAClosingChildTellItsParent() {
    String d = kit.domain("ret0", "0");
    WorkflowExecution parent = kit.start(d, unique("parent"));
    String childId = unique("child");
    kit.decide(d, parent, startChild(childId));
    WorkflowExecution child =
        kit.await(d, parent, CHILD_WORKFLOW_EXECUTION_STARTED)
            .childWorkflowExecutionStartedEventAttributes()
            .workflowExecution();
    kit.decide(d, child, Decisions.complete("from the child"));
    HistoryEvent done = kit.await(d, parent, CHILD_WORKFLOW_EXECUTION_COMPLETED);
    assertThat(done.childWorkflowExecutionCompletedEventAttributes().result())
        .isEqualTo("from the child");
    awaitGone(d, child);
    assertThat(kit.describe(d, parent).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
  }

  @Test
  void aChildOutlivingItsRemovedParentStillClosesAndGoes() {
    String d = kit.domain("ret0", "0");
    WorkflowExecution parent =
        kit.start(d, unique("parent"), r -> r.childPolicy(ChildPolicy.ABANDON));
    String childId = unique("child");
    kit.decide(d, parent, startChild(childId));
    WorkflowExecution child =
        kit.await(d, parent, CHILD_WORKFLOW_EXECUTION_STARTED)
            .childWorkflowExecutionStartedEventAttributes()
            .workflowExecution();
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(parent.workflowId()));
    awaitGone(d, parent);
    assertThat(kit.describe(d, child).executionInfo().parent()).isEqualTo(parent);
    assertThat(kit.describe(d, child).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    kit.decide(d, child, Decisions.complete("nobody listens"));
    awaitGone(d, child);
  }

  @Test
  void zeroDaysRemovesAContinuedRunButNotItsSuccessor() {
    String d = kit.domain("ret0", "0");
    WorkflowExecution first = kit.start(d, unique("w"));
    kit.decide(d, first, continueAsNew(a -> a.taskList(t -> t.name(first.workflowId()))));
    awaitGone(d, first);
    WorkflowExecution next = kit.openRun(d, first.workflowId());
    assertKept(d, next);
    assertThat(
            kit.history(d, next)
                .get(0)
                .workflowExecutionStartedEventAttributes()
                .continuedExecutionRunId())
        .isEqualTo(first.runId());
  }

  @Test
  void oneDayKeepsAClosedRunForADay() {
    String d = kit.domain("ret1", "1");
    WorkflowExecution e = kit.start(d, unique("w"));
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()));
    kit.advance(Duration.ofHours(23));
    assertKept(d, e);
    assertThat(kit.describe(d, e).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.CLOSED);
    kit.advance(Duration.ofHours(1));
    awaitGone(d, e);
  }

  @Test
  void openRunsAreNeverRemoved() {
    String zero = kit.domain("ret0", "0");
    String one = kit.domain("ret1", "1");
    // long enough to stay open through the days the clock is moved
    WorkflowExecution a =
        kit.start(zero, unique("w"), r -> r.executionStartToCloseTimeout("2592000"));
    WorkflowExecution b =
        kit.start(one, unique("w"), r -> r.executionStartToCloseTimeout("2592000"));
    kit.advance(Duration.ofDays(3));
    assertKept(zero, a);
    assertKept(one, b);
    assertThat(kit.describe(zero, a).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    assertThat(kit.describe(one, b).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    // once closed, they go by their domain's rule
    swf.terminateWorkflowExecution(r -> r.domain(zero).workflowId(a.workflowId()));
    swf.terminateWorkflowExecution(r -> r.domain(one).workflowId(b.workflowId()));
    awaitGone(zero, a);
    assertKept(one, b);
    kit.advance(Duration.ofDays(1));
    awaitGone(one, b);
  }

  @Test
  void retentionSurvivesARestart() {
    String d = kit.domain("ret1", "1");
    WorkflowExecution e = kit.start(d, unique("w"));
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()));
    kit.swfd().restart();
    assertKept(d, e);
    kit.advance(Duration.ofDays(1));
    awaitGone(d, e);
  }
}
