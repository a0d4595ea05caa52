package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.complete;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.startTimer;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.last;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.seconds;
import static io.swfd.support.SwfTestClient.unknownResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfTestClient;
import io.swfd.support.SwfTestClient.Run;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.DecisionTaskTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.DecisionTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTimeoutType;

/** The decision task start-to-close timeout and the workflow execution start-to-close timeout. */
class ExecutionTimeoutsTest {
  static ManualClock clock;
  static RunningSwfd swfd;
  static SwfTestClient f;
  static String domain;
  static SwfClient swf;

  @BeforeAll
  static void start() {
    clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    swfd = new RunningSwfd(ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)), clock);
    f = new SwfTestClient(swfd);
    domain = f.domainWithoutActivityDefaults("execution-timeouts");
    swf = f.swf();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  @Test
  void aDecisionTaskTimesOutAndIsScheduledAgain() {
    Run run =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("3600").taskStartToCloseTimeout("30"));
    PollForDecisionTaskResponse first = f.decisionTask(run, "slow-decider");
    assertThat(first.startedEventId()).isEqualTo(3);
    clock.advance(seconds(29));
    f.assertHistoryStays(run, 3);
    clock.advance(seconds(1));

    HistoryEvent timedOut = f.awaitEvent(run, EventType.DECISION_TASK_TIMED_OUT);
    DecisionTaskTimedOutEventAttributes a = timedOut.decisionTaskTimedOutEventAttributes();
    assertThat(timedOut.eventId()).isEqualTo(4);
    assertThat(a.timeoutType()).isEqualTo(DecisionTaskTimeoutType.START_TO_CLOSE);
    assertThat(a.scheduledEventId()).isEqualTo(2);
    assertThat(a.startedEventId()).isEqualTo(3);
    HistoryEvent rescheduled = after(f.history(run), timedOut);
    assertThat(rescheduled.eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(rescheduled.decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo(run.decisions());
    assertThat(rescheduled.decisionTaskScheduledEventAttributes().startToCloseTimeout())
        .isEqualTo("30");

    // the late decider's token is void; nothing it decided is applied
    unknownResource(() -> f.respond(first, complete("done")));
    assertThat(f.history(run)).hasSize(5);

    PollForDecisionTaskResponse second = f.decisionTask(run, "other-decider");
    assertThat(second.startedEventId()).isEqualTo(6);
    assertThat(second.events())
        .extracting(HistoryEvent::eventType)
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_TIMED_OUT,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    assertThat(second.events().get(5).decisionTaskStartedEventAttributes().identity())
        .isEqualTo("other-decider");
    f.respond(second, complete("done"));
    assertThat(last(f.history(run)).eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    unknownResource(() -> f.respond(second, complete("done"))); // single use
  }

  @Test
  void aCompletedDecisionTaskDoesNotTimeOut() {
    Run run =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("3600").taskStartToCloseTimeout("30"));
    f.decide(run, startTimer("t", "600"));
    int size = f.history(run).size();
    clock.advance(seconds(100));
    f.assertHistoryStays(run, size);
    assertThat(f.events(run, EventType.DECISION_TASK_TIMED_OUT)).isEmpty();
  }

  @Test
  void aDecisionTaskWithoutStartToCloseNeverTimesOut() {
    Run run =
        f.startRun(
            domain,
            r -> r.executionStartToCloseTimeout("31536000").taskStartToCloseTimeout("NONE"));
    f.decisionTask(run);
    clock.advance(Duration.ofDays(300));
    f.assertHistoryStays(run, 3);
  }

  @Test
  void theRunTimesOutAndNothingHappensAfterwards() {
    Run run =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("100").taskStartToCloseTimeout("NONE"));
    f.decide(
        run,
        schedule(run, "a1", "NONE", "NONE", "150", "120"),
        startTimer("t1", "200"),
        schedule(run, "a2", "500", "NONE", "NONE", "NONE"));
    PollForActivityTaskResponse task = f.activityTask(run); // a1 (a2 stays queued)
    assertThat(task.activityId()).isEqualTo("a1");
    clock.advance(seconds(60));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(task.taskToken()).details("60%"));
    assertThat(f.pendingActivities(run)).isEqualTo(1);
    clock.advance(seconds(40));

    HistoryEvent timedOut = f.awaitEvent(run, EventType.WORKFLOW_EXECUTION_TIMED_OUT);
    WorkflowExecutionTimedOutEventAttributes a =
        timedOut.workflowExecutionTimedOutEventAttributes();
    assertThat(a.timeoutType()).isEqualTo(WorkflowExecutionTimeoutType.START_TO_CLOSE);
    assertThat(a.childPolicy()).isEqualTo(ChildPolicy.TERMINATE);
    List<HistoryEvent> history = f.history(run);
    assertThat(timedOut.eventTimestamp())
        .isEqualTo(history.get(0).eventTimestamp().plusSeconds(100));
    assertThat(last(history)).isEqualTo(timedOut);

    DescribeWorkflowExecutionResponse d =
        swf.describeWorkflowExecution(
            r ->
                r.domain(domain).execution(e -> e.workflowId(run.workflowId()).runId(run.runId())));
    assertThat(d.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    assertThat(d.executionInfo().closeStatus()).isEqualTo(CloseStatus.TIMED_OUT);
    assertThat(d.executionInfo().closeTimestamp()).isEqualTo(timedOut.eventTimestamp());
    assertThat(d.openCounts().openActivityTasks()).isZero();
    assertThat(d.openCounts().openTimers()).isZero();
    assertThat(d.openCounts().openDecisionTasks()).isZero();

    // the queued activity left its queue, the started one's token is void
    assertThat(f.pendingActivities(run)).isZero();
    // (a token of a run that has closed names the run)
    String closed =
        "Unknown execution: WorkflowExecution=[workflowId="
            + run.workflowId()
            + ", runId="
            + run.runId()
            + "]";
    assertThat(
            message(
                unknownResource(
                    () -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(task.taskToken())))))
        .isEqualTo(closed);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskCompleted(r -> r.taskToken(task.taskToken())))))
        .isEqualTo(closed);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskCanceled(r -> r.taskToken(task.taskToken())))))
        .isEqualTo(closed);

    // the activity's and the timer's deadlines (120..500 s) pass: nothing is appended
    clock.advance(seconds(1000));
    f.assertHistoryStays(run, history.size());
    assertThat(f.history(run)).isEqualTo(history);
  }

  @Test
  void aRunTimesOutWhileItsDecisionTaskIsStarted() {
    Run run =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("60").taskStartToCloseTimeout("NONE"));
    PollForDecisionTaskResponse d = f.decisionTask(run);
    clock.advance(seconds(60));
    HistoryEvent timedOut = f.awaitEvent(run, EventType.WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(timedOut.eventId()).isEqualTo(4);
    assertThat(message(unknownResource(() -> f.respond(d, complete("done")))))
        .isEqualTo(
            "Unknown execution: WorkflowExecution=[workflowId="
                + run.workflowId()
                + ", runId="
                + run.runId()
                + "]");
    assertThat(f.history(run)).hasSize(4);
  }

  @Test
  void aRunThatClosedInTimeDoesNotTimeOut() {
    Run run =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("60").taskStartToCloseTimeout("NONE"));
    f.decide(run, complete("done"));
    clock.advance(seconds(120));
    f.assertHistoryStays(run, 5);
    assertThat(last(f.history(run)).eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
  }
}
