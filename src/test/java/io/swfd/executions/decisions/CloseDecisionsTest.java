package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.marker;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * CompleteWorkflowExecution, FailWorkflowExecution and CancelWorkflowExecution: close events,
 * UNHANDLED_DECISION, void tokens.
 */
class CloseDecisionsTest {
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  enum Close {
    COMPLETE(
        EventType.WORKFLOW_EXECUTION_COMPLETED,
        EventType.COMPLETE_WORKFLOW_EXECUTION_FAILED,
        CloseStatus.COMPLETED),
    FAIL(
        EventType.WORKFLOW_EXECUTION_FAILED,
        EventType.FAIL_WORKFLOW_EXECUTION_FAILED,
        CloseStatus.FAILED),
    CANCEL(
        EventType.WORKFLOW_EXECUTION_CANCELED,
        EventType.CANCEL_WORKFLOW_EXECUTION_FAILED,
        CloseStatus.CANCELED);

    final EventType closed;
    final EventType failed;
    final CloseStatus status;

    Close(EventType closed, EventType failed, CloseStatus status) {
      this.closed = closed;
      this.failed = failed;
      this.status = status;
    }

    Decision decision() {
      return switch (this) {
        case COMPLETE -> Decisions.complete("the result");
        case FAIL -> Decisions.fail("the reason", "the details");
        case CANCEL -> Decisions.cancel("the details");
      };
    }

    /** Asserts the close event's own attributes and returns its decisionTaskCompletedEventId. */
    long check(HistoryEvent e) {
      assertThat(e.eventType()).isEqualTo(closed);
      return switch (this) {
        case COMPLETE -> {
          assertThat(e.workflowExecutionCompletedEventAttributes().result())
              .isEqualTo("the result");
          yield e.workflowExecutionCompletedEventAttributes().decisionTaskCompletedEventId();
        }
        case FAIL -> {
          assertThat(e.workflowExecutionFailedEventAttributes().reason()).isEqualTo("the reason");
          assertThat(e.workflowExecutionFailedEventAttributes().details()).isEqualTo("the details");
          yield e.workflowExecutionFailedEventAttributes().decisionTaskCompletedEventId();
        }
        case CANCEL -> {
          assertThat(e.workflowExecutionCanceledEventAttributes().details())
              .isEqualTo("the details");
          yield e.workflowExecutionCanceledEventAttributes().decisionTaskCompletedEventId();
        }
      };
    }

    /**
     * Asserts a *Failed event with cause UNHANDLED_DECISION; returns its
     * decisionTaskCompletedEventId.
     */
    long checkUnhandled(HistoryEvent e) {
      assertThat(e.eventType()).isEqualTo(failed);
      return switch (this) {
        case COMPLETE -> {
          assertThat(e.completeWorkflowExecutionFailedEventAttributes().causeAsString())
              .isEqualTo("UNHANDLED_DECISION");
          yield e.completeWorkflowExecutionFailedEventAttributes().decisionTaskCompletedEventId();
        }
        case FAIL -> {
          assertThat(e.failWorkflowExecutionFailedEventAttributes().causeAsString())
              .isEqualTo("UNHANDLED_DECISION");
          yield e.failWorkflowExecutionFailedEventAttributes().decisionTaskCompletedEventId();
        }
        case CANCEL -> {
          assertThat(e.cancelWorkflowExecutionFailedEventAttributes().causeAsString())
              .isEqualTo("UNHANDLED_DECISION");
          yield e.cancelWorkflowExecutionFailedEventAttributes().decisionTaskCompletedEventId();
        }
      };
    }
  }

  @ParameterizedTest
  @EnumSource(Close.class)
  void theDecisionClosesTheRunWithItsEventAndStatus(Close close) {
    String d = h.domain("close");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), close.decision());

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(history))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            close.closed);
    assertThat(close.check(history.get(4))).isEqualTo(4);

    var detail = h.describe(d, e);
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    assertThat(detail.executionInfo().closeStatus()).isEqualTo(close.status);
    assertThat(detail.executionInfo().closeTimestamp()).isEqualTo(history.get(4).eventTimestamp());
    assertThat(detail.openCounts().openDecisionTasks()).isZero();
    assertThat(detail.openCounts().openActivityTasks()).isZero();
    assertThat(h.pendingDecisions(d, "dec")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Close.class)
  void eventsTheDeciderHasNotSeenMakeTheCloseFailWithUnhandledDecision(Close close) {
    String d = h.domain("close");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(
        h.decisionTask(d).taskToken(),
        schedule("a1"),
        wakeUp()); // 4 completed, 5 scheduled, 6 failed, 7 next task
    PollForActivityTaskResponse work = h.activityTask(d, "work"); // 8
    PollForDecisionTaskResponse t2 = h.decisionTask(d); // 9
    assertThat(t2.startedEventId()).isEqualTo(9);
    h.swf()
        .respondActivityTaskCompleted(
            r -> r.taskToken(work.taskToken()).result("r")); // 10, arrives while t2 is started
    assertThat(types(h.history(d, e)))
        .endsWith(EventType.DECISION_TASK_STARTED, EventType.ACTIVITY_TASK_COMPLETED);

    h.respond(t2.taskToken(), marker("before-close", null), close.decision());
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 10)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.MARKER_RECORDED,
            close.failed,
            EventType.DECISION_TASK_SCHEDULED);
    assertThat(close.checkUnhandled(history.get(12))).isEqualTo(11);
    assertThat(h.describe(d, e).executionInfo().executionStatus()).isEqualTo(ExecutionStatus.OPEN);

    // the new decision task shows the event the decider missed; after looking at it, closing works
    PollForDecisionTaskResponse t3 = h.decisionTask(d);
    assertThat(t3.previousStartedEventId()).isEqualTo(9);
    assertThat(t3.startedEventId()).isEqualTo(15);
    assertThat(types(t3.events()))
        .containsSubsequence(
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_COMPLETED,
            close.failed,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    h.respond(t3.taskToken(), close.decision());
    history = h.history(d, e);
    assertThat(types(after(history, 15)))
        .containsExactly(EventType.DECISION_TASK_COMPLETED, close.closed);
    assertThat(close.check(history.get(16))).isEqualTo(16);
    assertThat(h.describe(d, e).executionInfo().closeStatus()).isEqualTo(close.status);
  }

  @Test
  void aCloseWithNothingUnseenSucceedsEvenWithOpenActivities() {
    String d = h.domain("close");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(
        h.decisionTask(d).taskToken(),
        schedule("started"),
        schedule("waiting", a -> a.taskList(t -> t.name("idle"))),
        wakeUp());
    PollForActivityTaskResponse work = h.activityTask(d, "work");
    assertThat(h.pendingActivities(d, "idle")).isEqualTo(1);
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    h.respond(t2.taskToken(), Decisions.complete("done"));

    List<HistoryEvent> closed = h.history(d, e);
    assertThat(SwfTestClient.last(closed).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    var detail = h.describe(d, e);
    assertThat(detail.executionInfo().closeStatus()).isEqualTo(CloseStatus.COMPLETED);
    assertThat(detail.openCounts().openActivityTasks()).isZero();

    // the run's tokens are void and nothing more is appended
    UnknownResourceException heartbeat =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () -> h.swf().recordActivityTaskHeartbeat(r -> r.taskToken(work.taskToken())));
    // a token of a run that has closed names the run
    assertThat(message(heartbeat))
        .isEqualTo(
            "Unknown execution: WorkflowExecution=[workflowId="
                + e.workflowId()
                + ", runId="
                + e.runId()
                + "]");
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () ->
            h.swf()
                .respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()).result("late")));
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> h.swf().respondActivityTaskFailed(r -> r.taskToken(work.taskToken()).reason("late")));
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> h.swf().respondActivityTaskCanceled(r -> r.taskToken(work.taskToken())));
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> h.respond(t2.taskToken(), Decisions.complete("again")));

    // the activity nobody had started is gone from its list
    assertThat(h.pendingActivities(d, "idle")).isZero();
    assertThat(
            h.swf().pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("idle"))).taskToken())
        .isNull();
    assertThat(h.history(d, e)).isEqualTo(closed);
  }

  @Test
  void aScheduledDecisionTaskIsDroppedWhenTheRunCloses() {
    // a run closed by one decision task cannot have another one scheduled; its list stays empty
    String d = h.domain("close");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), Decisions.complete(null));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(SwfTestClient.last(history).workflowExecutionCompletedEventAttributes().result())
        .isNull();
    assertThat(h.poll(d, "dec").taskToken()).isNull();
    assertThat(h.history(d, e)).isEqualTo(history);
  }
}
