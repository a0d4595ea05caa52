package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.cancelActivity;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.ActivityTaskCanceledEventAttributes;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.RequestCancelActivityTaskFailedCause;
import software.amazon.awssdk.services.swf.model.RequestCancelActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * RequestCancelActivityTask: an unstarted task is canceled at once, a started one learns it from
 * its heartbeat.
 */
class RequestCancelActivityTaskTest {
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /**
   * Events 1-7: started, first decision task (2,3), completed (4) with ActivityTaskScheduled a1 (5)
   * and a failed decision (6) that schedules the next decision task (7).
   */
  private static WorkflowExecution runWithScheduledActivity(String d) {
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), schedule("a1"), wakeUp());
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(history))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    return e;
  }

  @Test
  void aTaskNotYetStartedIsCanceledAtOnceAndNeverHandedOut() {
    String d = h.domain("cancel");
    WorkflowExecution e = runWithScheduledActivity(d);
    assertThat(h.pendingActivities(d, "work")).isEqualTo(1);

    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    assertThat(t2.startedEventId()).isEqualTo(8);
    h.respond(t2.taskToken(), cancelActivity("a1"));

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 8)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_CANCEL_REQUESTED,
            EventType.ACTIVITY_TASK_CANCELED,
            EventType.DECISION_TASK_SCHEDULED);
    var requested = history.get(9).activityTaskCancelRequestedEventAttributes();
    assertThat(requested.activityId()).isEqualTo("a1");
    assertThat(requested.decisionTaskCompletedEventId()).isEqualTo(9);
    ActivityTaskCanceledEventAttributes canceled =
        history.get(10).activityTaskCanceledEventAttributes();
    assertThat(canceled.scheduledEventId()).isEqualTo(5);
    assertThat(canceled.startedEventId()).isZero();
    assertThat(canceled.latestCancelRequestedEventId()).isEqualTo(10);
    assertThat(canceled.details()).isNull();

    assertThat(h.pendingActivities(d, "work")).isZero();
    assertThat(h.describe(d, e).openCounts().openActivityTasks()).isZero();
    PollForActivityTaskResponse nothing =
        h.swf().pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("work")));
    assertThat(nothing.taskToken()).isNull();

    // the decider hears about it
    PollForDecisionTaskResponse t3 = h.decisionTask(d);
    assertThat(types(t3.events()))
        .containsSubsequence(
            EventType.ACTIVITY_TASK_CANCELED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    assertThat(h.history(d, e)).hasSize(13); // the empty activity poll added nothing
  }

  @Test
  void aTaskScheduledAndCanceledInOneBatchNeverReachesItsList() {
    String d = h.domain("cancel");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), schedule("a1"), cancelActivity("a1"));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_CANCEL_REQUESTED,
            EventType.ACTIVITY_TASK_CANCELED,
            EventType.DECISION_TASK_SCHEDULED);
    ActivityTaskCanceledEventAttributes canceled =
        history.get(6).activityTaskCanceledEventAttributes();
    assertThat(canceled.scheduledEventId()).isEqualTo(5);
    assertThat(canceled.startedEventId()).isZero();
    assertThat(canceled.latestCancelRequestedEventId()).isEqualTo(6);
    assertThat(h.pendingActivities(d, "work")).isZero();
    assertThat(h.describe(d, e).openCounts().openActivityTasks()).isZero();
    assertThat(
            h.swf().pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("work"))).taskToken())
        .isNull();
    assertThat(h.history(d, e)).hasSize(8);
  }

  @Test
  void aStartedTaskOnlyGetsTheRequestAndItsWorkerSeesItInTheHeartbeat() {
    String d = h.domain("cancel");
    WorkflowExecution e = runWithScheduledActivity(d);
    PollForActivityTaskResponse work = h.activityTask(d, "work");
    assertThat(work.startedEventId()).isEqualTo(8);
    assertThat(
            h.swf()
                .recordActivityTaskHeartbeat(r -> r.taskToken(work.taskToken()))
                .cancelRequested())
        .isFalse();

    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    assertThat(t2.startedEventId()).isEqualTo(9);
    h.respond(t2.taskToken(), cancelActivity("a1"));

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 9)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED, EventType.ACTIVITY_TASK_CANCEL_REQUESTED);
    assertThat(
            history
                .get(10)
                .activityTaskCancelRequestedEventAttributes()
                .decisionTaskCompletedEventId())
        .isEqualTo(10);
    var detail = h.describe(d, e);
    assertThat(detail.openCounts().openActivityTasks()).isEqualTo(1);
    assertThat(detail.openCounts().openDecisionTasks()).isZero();

    assertThat(
            h.swf()
                .recordActivityTaskHeartbeat(r -> r.taskToken(work.taskToken()).details("stopping"))
                .cancelRequested())
        .isTrue();
    assertThat(h.history(d, e)).hasSize(11); // heartbeats add no events

    h.swf().respondActivityTaskCanceled(r -> r.taskToken(work.taskToken()).details("stopped"));
    history = h.history(d, e);
    assertThat(types(after(history, 11)))
        .containsExactly(EventType.ACTIVITY_TASK_CANCELED, EventType.DECISION_TASK_SCHEDULED);
    ActivityTaskCanceledEventAttributes canceled =
        history.get(11).activityTaskCanceledEventAttributes();
    assertThat(canceled.scheduledEventId()).isEqualTo(5);
    assertThat(canceled.startedEventId()).isEqualTo(8);
    assertThat(canceled.latestCancelRequestedEventId()).isEqualTo(11);
    assertThat(canceled.details()).isEqualTo("stopped");

    UnknownResourceException gone =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () -> h.swf().recordActivityTaskHeartbeat(r -> r.taskToken(work.taskToken())));
    assertThat(message(gone)).isEqualTo("Unknown activity, scheduledEventId = 5");
  }

  @Test
  void aStartedTaskMayStillCompleteAfterTheCancelRequest() {
    String d = h.domain("cancel");
    WorkflowExecution e = runWithScheduledActivity(d);
    PollForActivityTaskResponse work = h.activityTask(d, "work");
    h.respond(h.decisionTask(d).taskToken(), cancelActivity("a1"));
    h.swf()
        .respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()).result("finished anyway"));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 9)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_CANCEL_REQUESTED,
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_SCHEDULED);
    assertThat(history.get(11).activityTaskCompletedEventAttributes().result())
        .isEqualTo("finished anyway");
  }

  @Test
  void anUnknownActivityIdFailsAndWakesTheDecider() {
    String d = h.domain("cancel");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), cancelActivity("ghost"));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    RequestCancelActivityTaskFailedEventAttributes failed =
        history.get(4).requestCancelActivityTaskFailedEventAttributes();
    assertThat(failed.activityId()).isEqualTo("ghost");
    assertThat(failed.cause()).isEqualTo(RequestCancelActivityTaskFailedCause.ACTIVITY_ID_UNKNOWN);
    assertThat(failed.decisionTaskCompletedEventId()).isEqualTo(4);
    PollForDecisionTaskResponse next = h.decisionTask(d);
    assertThat(types(next.events())).contains(EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED);
  }

  @Test
  void anActivityThatAlreadyClosedIsUnknown() {
    String d = h.domain("cancel");
    WorkflowExecution e = runWithScheduledActivity(d);
    PollForActivityTaskResponse work = h.activityTask(d, "work");
    h.swf().respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()).result("done"));
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    h.respond(t2.taskToken(), cancelActivity("a1"));
    List<HistoryEvent> history = h.history(d, e);
    HistoryEvent failed = history.get(history.size() - 2);
    assertThat(failed.eventType()).isEqualTo(EventType.REQUEST_CANCEL_ACTIVITY_TASK_FAILED);
    assertThat(failed.requestCancelActivityTaskFailedEventAttributes().cause())
        .isEqualTo(RequestCancelActivityTaskFailedCause.ACTIVITY_ID_UNKNOWN);
    assertThat(SwfTestClient.last(history).eventType())
        .isEqualTo(EventType.DECISION_TASK_SCHEDULED);
  }
}
