package io.swfd.executions;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

class EndToEndTest {
  static RunningSwfd swfd;
  static SwfClient swf;

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd();
    swf = swfd.client();
    swf.registerDomain(r -> r.name("e2e").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("e2e")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("30")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain("e2e")
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name("work"))
                .defaultTaskScheduleToStartTimeout("60")
                .defaultTaskScheduleToCloseTimeout("120")
                .defaultTaskStartToCloseTimeout("60")
                .defaultTaskHeartbeatTimeout("NONE"));
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  @Test
  void aWorkflowRunsToCompletion() {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain("e2e")
                        .workflowId("w1")
                        .workflowType(t -> t.name("wf").version("1"))
                        .input("hello"))
            .runId();
    PollForDecisionTaskResponse d1 =
        swf.pollForDecisionTask(
            r -> r.domain("e2e").taskList(t -> t.name("dec")).identity("decider-1"));
    assertThat(d1.taskToken()).isNotBlank();
    assertThat(d1.events())
        .extracting(HistoryEvent::eventType)
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    assertThat(d1.startedEventId()).isEqualTo(3);
    assertThat(d1.previousStartedEventId()).isEqualTo(0);
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d1.taskToken())
                .decisions(
                    decision(
                        dec ->
                            dec.decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                                .scheduleActivityTaskDecisionAttributes(
                                    a ->
                                        a.activityId("a1")
                                            .activityType(t -> t.name("act").version("1"))
                                            .input("in")))));

    PollForActivityTaskResponse a =
        swf.pollForActivityTask(
            r -> r.domain("e2e").taskList(t -> t.name("work")).identity("worker-1"));
    assertThat(a.activityId()).isEqualTo("a1");
    assertThat(a.input()).isEqualTo("in");
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("50%"))
                .cancelRequested())
        .isFalse();
    swf.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("out"));

    PollForDecisionTaskResponse d2 =
        swf.pollForDecisionTask(r -> r.domain("e2e").taskList(t -> t.name("dec")));
    assertThat(d2.previousStartedEventId()).isEqualTo(3);
    List<EventType> types = d2.events().stream().map(HistoryEvent::eventType).toList();
    assertThat(types)
        .containsSubsequence(
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_STARTED,
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d2.taskToken())
                .decisions(
                    decision(
                        dec ->
                            dec.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
                                .completeWorkflowExecutionDecisionAttributes(
                                    c -> c.result("done")))));

    var detail =
        swf.describeWorkflowExecution(
            r -> r.domain("e2e").execution(e -> e.workflowId("w1").runId(runId)));
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    var history =
        swf.getWorkflowExecutionHistory(
                r -> r.domain("e2e").execution(e -> e.workflowId("w1").runId(runId)))
            .events();
    assertThat(history.get(history.size() - 1).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo("done");
  }
}
