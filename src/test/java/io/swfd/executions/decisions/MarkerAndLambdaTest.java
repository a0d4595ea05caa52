package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.marker;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.MarkerRecordedEventAttributes;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.ScheduleLambdaFunctionFailedCause;
import software.amazon.awssdk.services.swf.model.ScheduleLambdaFunctionFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * RecordMarker (informational, wakes nobody) and ScheduleLambdaFunction (no Lambda here: always
 * fails).
 */
class MarkerAndLambdaTest {
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void recordMarkerRecordsAMarkerAndSchedulesNoDecisionTask() {
    String d = h.domain("marker");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(
        h.decisionTask(d).taskToken(),
        marker("checkpoint", "step 1"),
        marker("checkpoint", null),
        marker("other", ""));

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.MARKER_RECORDED,
            EventType.MARKER_RECORDED,
            EventType.MARKER_RECORDED);
    MarkerRecordedEventAttributes first = history.get(4).markerRecordedEventAttributes();
    assertThat(first.markerName()).isEqualTo("checkpoint");
    assertThat(first.details()).isEqualTo("step 1");
    assertThat(first.decisionTaskCompletedEventId()).isEqualTo(4);
    MarkerRecordedEventAttributes second = history.get(5).markerRecordedEventAttributes();
    assertThat(second.markerName()).isEqualTo("checkpoint"); // names need not be unique
    assertThat(second.details()).isNull();
    assertThat(history.get(6).markerRecordedEventAttributes().details()).isEmpty();

    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isZero();
    assertThat(h.pendingDecisions(d, "dec")).isZero();
    assertThat(h.poll(d, "dec").taskToken()).isNull();
    assertThat(h.history(d, e)).hasSize(7);
  }

  @Test
  void scheduleLambdaFunctionFailsBecauseThereIsNoLambdaAndWakesTheDecider() {
    String d = h.domain("lambda");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    Decision lambda =
        Decision.builder()
            .decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
            .scheduleLambdaFunctionDecisionAttributes(
                a ->
                    a.id("fn-1")
                        .name("my-function")
                        .input("in")
                        .control("c")
                        .startToCloseTimeout("60"))
            .build();
    h.respond(h.decisionTask(d).taskToken(), lambda);

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.SCHEDULE_LAMBDA_FUNCTION_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    ScheduleLambdaFunctionFailedEventAttributes failed =
        history.get(4).scheduleLambdaFunctionFailedEventAttributes();
    assertThat(failed.id()).isEqualTo("fn-1");
    assertThat(failed.name()).isEqualTo("my-function");
    assertThat(failed.cause())
        .isEqualTo(ScheduleLambdaFunctionFailedCause.LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION);
    assertThat(failed.decisionTaskCompletedEventId()).isEqualTo(4);
    assertThat(h.describe(d, e).openCounts().openLambdaFunctions()).isZero();

    PollForDecisionTaskResponse next = h.decisionTask(d);
    assertThat(types(next.events()))
        .containsSubsequence(
            EventType.SCHEDULE_LAMBDA_FUNCTION_FAILED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
  }
}
