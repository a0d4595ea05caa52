package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.event;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.DecisionTaskCompletedEventAttributes;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * RespondDecisionTaskCompleted.taskList without a schedule-to-start timeout: a lasting move to
 * another list.
 */
class TaskListOverrideTest {
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
  void theNextDecisionTasksGoToTheOverrideListUntilMovedAgain() {
    String d = h.domain("override");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d, "dec");
    h.swf()
        .respondDecisionTaskCompleted(
            r -> r.taskToken(t1.taskToken()).taskList(t -> t.name("special")).decisions(wakeUp()));

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    DecisionTaskCompletedEventAttributes completed =
        event(history, 4).decisionTaskCompletedEventAttributes();
    assertThat(completed.taskList().name()).isEqualTo("special");
    assertThat(completed.taskListScheduleToStartTimeout()).isNull();
    var scheduled = event(history, 6).decisionTaskScheduledEventAttributes();
    assertThat(scheduled.taskList().name()).isEqualTo("special");
    assertThat(scheduled.scheduleToStartTimeout()).isNull();
    assertThat(scheduled.startToCloseTimeout()).isEqualTo("300");
    assertThat(h.pendingDecisions(d, "dec")).isZero();
    assertThat(h.pendingDecisions(d, "special")).isEqualTo(1);
    // the run's own configuration is unchanged
    assertThat(h.describe(d, e).executionConfiguration().taskList().name()).isEqualTo("dec");

    // it lasts: a task completed without an override keeps the next one on the override list
    PollForDecisionTaskResponse t2 = h.decisionTask(d, "special");
    assertThat(t2.startedEventId()).isEqualTo(7);
    h.respond(t2.taskToken(), wakeUp());
    history = h.history(d, e);
    assertThat(event(history, 8).decisionTaskCompletedEventAttributes().taskList()).isNull();
    assertThat(event(history, 10).decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo("special");

    // moving back to the run's list
    PollForDecisionTaskResponse t3 = h.decisionTask(d, "special");
    h.swf()
        .respondDecisionTaskCompleted(
            r -> r.taskToken(t3.taskToken()).taskList(t -> t.name("dec")).decisions(wakeUp()));
    history = h.history(d, e);
    assertThat(SwfTestClient.last(history).decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo("dec");
    assertThat(h.pendingDecisions(d, "special")).isZero();
    PollForDecisionTaskResponse t4 = h.decisionTask(d, "dec");
    h.respond(t4.taskToken(), wakeUp());
    assertThat(
            SwfTestClient.last(h.history(d, e))
                .decisionTaskScheduledEventAttributes()
                .taskList()
                .name())
        .isEqualTo("dec");
  }

  @Test
  void anOverrideWithoutDecisionsWaitsForTheNextEvent() {
    String d = h.domain("override");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d, "dec");
    h.swf()
        .respondDecisionTaskCompleted(
            r ->
                r.taskToken(t1.taskToken())
                    .taskList(t -> t.name("special"))
                    .decisions(Decisions.schedule("a1")));
    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isZero();
    var work = h.activityTask(d, "work");
    h.swf().respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()));
    HistoryEvent scheduled = SwfTestClient.last(h.history(d, e));
    assertThat(scheduled.eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(scheduled.decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo("special");
    assertThat(h.decisionTask(d, "special").workflowExecution()).isEqualTo(e);
  }

  @Test
  void anOverrideListNameFollowsTheNameRules() {
    String d = h.domain("override");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d, "dec");
    List<HistoryEvent> before = h.history(d, e);
    SwfException bad =
        validation(
            () ->
                h.swf()
                    .respondDecisionTaskCompleted(
                        r -> r.taskToken(t1.taskToken()).taskList(t -> t.name("bad:list"))));
    assertThat(message(bad))
        .startsWith(
            "1 validation error detected: Value 'bad:list' at 'taskList.name' failed to satisfy"
                + " constraint:");
    SwfException badTimeout =
        validation(
            () ->
                h.swf()
                    .respondDecisionTaskCompleted(
                        r ->
                            r.taskToken(t1.taskToken())
                                .taskList(t -> t.name("ok"))
                                .taskListScheduleToStartTimeout("soon")));
    assertThat(message(badTimeout))
        .startsWith(
            "1 validation error detected: Value 'soon' at 'taskListScheduleToStartTimeout'");
    assertThat(h.history(d, e)).isEqualTo(before);
    h.respond(t1.taskToken());
  }
}
