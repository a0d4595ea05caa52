package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.event;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.support.SwfTestClient;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.DecisionTaskTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.DecisionTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * RespondDecisionTaskCompleted.taskList with taskListScheduleToStartTimeout: a temporary move that
 * ends when a task on the other list is not started in time (or times out once started), on a
 * controllable clock.
 */
class TaskListOverrideTimeoutTest {
  private static ManualClock clock;
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.manual(); // from 2030-01-01T00:00:00Z, empty polls held 1 s
    clock = h.clock();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /**
   * Events 1-6: the first task moved the next one (6) to "special" for at most 30 s before it
   * starts.
   */
  private static WorkflowExecution runMovedToSpecial(String d) {
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d, "dec");
    h.swf()
        .respondDecisionTaskCompleted(
            r ->
                r.taskToken(t1.taskToken())
                    .taskList(t -> t.name("special"))
                    .taskListScheduleToStartTimeout("30")
                    .decisions(wakeUp()));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    var completed = event(history, 4).decisionTaskCompletedEventAttributes();
    assertThat(completed.taskList().name()).isEqualTo("special");
    assertThat(completed.taskListScheduleToStartTimeout()).isEqualTo("30");
    var scheduled = event(history, 6).decisionTaskScheduledEventAttributes();
    assertThat(scheduled.taskList().name()).isEqualTo("special");
    assertThat(scheduled.scheduleToStartTimeout()).isEqualTo("30");
    assertThat(h.pendingDecisions(d, "special")).isEqualTo(1);
    assertThat(h.pendingDecisions(d, "dec")).isZero();
    return e;
  }

  @Test
  void aTaskNobodyStartsInTimeTimesOutAndTheNextGoesBackToTheRunsList() {
    String d = h.domain("override-timeout");
    WorkflowExecution e = runMovedToSpecial(d);

    clock.advance(Duration.ofSeconds(29));
    assertThat(h.history(d, e)).hasSize(6);

    clock.advance(Duration.ofSeconds(2));
    await().atMost(Duration.ofSeconds(5)).until(() -> h.history(d, e).size() == 8);
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 6)))
        .containsExactly(EventType.DECISION_TASK_TIMED_OUT, EventType.DECISION_TASK_SCHEDULED);
    DecisionTaskTimedOutEventAttributes timedOut =
        event(history, 7).decisionTaskTimedOutEventAttributes();
    assertThat(timedOut.timeoutType()).isEqualTo(DecisionTaskTimeoutType.SCHEDULE_TO_START);
    assertThat(timedOut.scheduledEventId()).isEqualTo(6);
    assertThat(timedOut.startedEventId()).isZero();
    assertThat(event(history, 7).eventTimestamp()).isEqualTo(Instant.parse("2030-01-01T00:00:31Z"));
    var rescheduled = event(history, 8).decisionTaskScheduledEventAttributes();
    assertThat(rescheduled.taskList().name()).isEqualTo("dec");
    assertThat(rescheduled.scheduleToStartTimeout()).isNull();

    assertThat(h.pendingDecisions(d, "special")).isZero();
    assertThat(h.pendingDecisions(d, "dec")).isEqualTo(1);
    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
    assertThat(h.poll(d, "special").taskToken()).isNull();

    PollForDecisionTaskResponse t2 = h.decisionTask(d, "dec");
    assertThat(t2.startedEventId()).isEqualTo(9);
    assertThat(t2.previousStartedEventId()).isEqualTo(3);
    assertThat(types(t2.events()))
        .containsSubsequence(
            EventType.DECISION_TASK_TIMED_OUT,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);

    // and the move is over: later tasks stay on the run's list without a schedule-to-start timeout
    h.respond(t2.taskToken(), wakeUp());
    var later = SwfTestClient.last(h.history(d, e)).decisionTaskScheduledEventAttributes();
    assertThat(later.taskList().name()).isEqualTo("dec");
    assertThat(later.scheduleToStartTimeout()).isNull();
  }

  @Test
  void aTaskStartedInTimeDoesNotTimeOutAndTheMoveLasts() {
    String d = h.domain("override-timeout");
    WorkflowExecution e = runMovedToSpecial(d);
    clock.advance(Duration.ofSeconds(10));
    PollForDecisionTaskResponse t2 = h.decisionTask(d, "special");
    assertThat(t2.startedEventId()).isEqualTo(7);

    clock.advance(
        Duration.ofSeconds(
            60)); // past the schedule-to-start timeout, well within start-to-close (300 s)
    assertThat(h.history(d, e)).hasSize(7);

    h.respond(t2.taskToken(), wakeUp());
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 7)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    var scheduled = event(history, 10).decisionTaskScheduledEventAttributes();
    assertThat(scheduled.taskList().name()).isEqualTo("special");
    assertThat(scheduled.scheduleToStartTimeout()).isEqualTo("30");
    assertThat(h.decisionTask(d, "special").startedEventId()).isEqualTo(11);
  }

  @Test
  void aTaskOnTheOverrideListThatTimesOutStartToCloseAlsoEndsTheMove() {
    String d = h.domain("override-timeout");
    WorkflowExecution e = runMovedToSpecial(d);
    PollForDecisionTaskResponse t2 = h.decisionTask(d, "special");
    assertThat(t2.startedEventId()).isEqualTo(7);

    clock.advance(Duration.ofSeconds(301));
    await().atMost(Duration.ofSeconds(5)).until(() -> h.history(d, e).size() == 9);
    List<HistoryEvent> history = h.history(d, e);
    DecisionTaskTimedOutEventAttributes timedOut =
        event(history, 8).decisionTaskTimedOutEventAttributes();
    assertThat(timedOut.timeoutType()).isEqualTo(DecisionTaskTimeoutType.START_TO_CLOSE);
    assertThat(timedOut.scheduledEventId()).isEqualTo(6);
    assertThat(timedOut.startedEventId()).isEqualTo(7);
    assertThat(event(history, 9).decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo("dec");
    assertThat(h.decisionTask(d, "dec").startedEventId()).isEqualTo(10);
  }
}
