package io.swfd.auth;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * SWF's decision throttles: an empty bucket fails the decision with its *_RATE_EXCEEDED cause,
 * never an API error.
 */
class DecisionThrottlingTest {
  @Test
  void decisionsBeyondTheirBucketFailWithTheRateExceededCause() {
    ThrottlingConfig rates =
        ThrottlingConfig.OFF.with(
            Map.of(
                "ScheduleActivityTask", new ThrottlingConfig.Rate(2, 0),
                "StartTimer", new ThrottlingConfig.Rate(1, 0),
                "StartChildWorkflowExecution", new ThrottlingConfig.Rate(1, 0),
                "SignalExternalWorkflowExecution", new ThrottlingConfig.Rate(1, 0),
                "RequestCancelExternalWorkflowExecution", new ThrottlingConfig.Rate(1, 0),
                "ContinueAsNewWorkflowExecution", new ThrottlingConfig.Rate(1, 0),
                "ScheduleLambdaFunction", new ThrottlingConfig.Rate(1, 0)));
    try (RunningSwfd swfd =
            new RunningSwfd(
                ServerConfig.defaults()
                    .withPollTimeout(Duration.ofSeconds(1))
                    .withAuth(AuthConfig.NONE.withThrottling(rates)),
                InstantSource.system());
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("thr").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain("thr")
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("dec"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("60")
                  .defaultChildPolicy("ABANDON"));
      swf.registerActivityType(
          r ->
              r.domain("thr")
                  .name("act")
                  .version("1")
                  .defaultTaskList(t -> t.name("work"))
                  .defaultTaskScheduleToStartTimeout("60")
                  .defaultTaskScheduleToCloseTimeout("60")
                  .defaultTaskStartToCloseTimeout("60")
                  .defaultTaskHeartbeatTimeout("NONE"));
      String run =
          swf.startWorkflowExecution(
                  r -> r.domain("thr").workflowId("w").workflowType(t -> t.name("wf").version("1")))
              .runId();
      PollForDecisionTaskResponse d =
          swf.pollForDecisionTask(r -> r.domain("thr").taskList(t -> t.name("dec")));
      List<Decision> batch = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id = "a" + i;
        batch.add(
            Decision.builder()
                .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                .scheduleActivityTaskDecisionAttributes(
                    a -> a.activityId(id).activityType(t -> t.name("act").version("1")))
                .build());
      }
      for (int i = 0; i < 2; i++) {
        String id = "t" + i;
        batch.add(
            Decision.builder()
                .decisionType(DecisionType.START_TIMER)
                .startTimerDecisionAttributes(t -> t.timerId(id).startToFireTimeout("600"))
                .build());
      }
      for (int i = 0; i < 2; i++) {
        String id = "c" + i;
        batch.add(
            Decision.builder()
                .decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
                .startChildWorkflowExecutionDecisionAttributes(
                    c -> c.workflowId(id).workflowType(t -> t.name("wf").version("1")))
                .build());
      }
      for (int i = 0; i < 2; i++) {
        batch.add(
            Decision.builder()
                .decisionType(DecisionType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION)
                .signalExternalWorkflowExecutionDecisionAttributes(
                    x -> x.workflowId("w").signalName("s"))
                .build());
        batch.add(
            Decision.builder()
                .decisionType(DecisionType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION)
                .requestCancelExternalWorkflowExecutionDecisionAttributes(
                    x -> x.workflowId("nobody"))
                .build());
        String id = "l" + i;
        batch.add(
            Decision.builder()
                .decisionType(DecisionType.SCHEDULE_LAMBDA_FUNCTION)
                .scheduleLambdaFunctionDecisionAttributes(x -> x.id(id).name("fn"))
                .build());
      }
      swf.respondDecisionTaskCompleted(r -> r.taskToken(d.taskToken()).decisions(batch));

      List<HistoryEvent> history =
          swf.getWorkflowExecutionHistory(
                  r -> r.domain("thr").execution(e -> e.workflowId("w").runId(run)))
              .events();
      assertThat(history.stream().filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED))
          .hasSize(2);
      assertThat(history)
          .filteredOn(e -> e.eventType() == EventType.SCHEDULE_ACTIVITY_TASK_FAILED)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.scheduleActivityTaskFailedEventAttributes().causeAsString())
                    .isEqualTo("ACTIVITY_CREATION_RATE_EXCEEDED");
                assertThat(e.scheduleActivityTaskFailedEventAttributes().activityId())
                    .isEqualTo("a2");
              });
      assertThat(history)
          .filteredOn(e -> e.eventType() == EventType.START_TIMER_FAILED)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.startTimerFailedEventAttributes().causeAsString())
                      .isEqualTo("TIMER_CREATION_RATE_EXCEEDED"));
      assertThat(history)
          .filteredOn(e -> e.eventType() == EventType.START_CHILD_WORKFLOW_EXECUTION_FAILED)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.startChildWorkflowExecutionFailedEventAttributes().causeAsString())
                    .isEqualTo("CHILD_CREATION_RATE_EXCEEDED");
                assertThat(e.startChildWorkflowExecutionFailedEventAttributes().initiatedEventId())
                    .isZero();
              });
      assertThat(history)
          .filteredOn(
              e ->
                  e.eventType() == EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED
                      && "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED"
                          .equals(
                              e.signalExternalWorkflowExecutionFailedEventAttributes()
                                  .causeAsString()))
          .hasSize(1);
      assertThat(history)
          .filteredOn(
              e ->
                  e.eventType() == EventType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED
                      && "REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_RATE_EXCEEDED"
                          .equals(
                              e.requestCancelExternalWorkflowExecutionFailedEventAttributes()
                                  .causeAsString()))
          .hasSize(1);
      // no Lambda endpoint here: the first fails as unavailable, the second is already throttled
      assertThat(history)
          .filteredOn(e -> e.eventType() == EventType.SCHEDULE_LAMBDA_FUNCTION_FAILED)
          .extracting(e -> e.scheduleLambdaFunctionFailedEventAttributes().causeAsString())
          .containsExactly(
              "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION", "LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED");

      // continue-as-new: the first goes through; the successor's continue-as-new is throttled
      PollForDecisionTaskResponse d2 =
          swf.pollForDecisionTask(r -> r.domain("thr").taskList(t -> t.name("dec")));
      while (!d2.workflowExecution().workflowId().equals("w")) {
        PollForDecisionTaskResponse child = d2;
        swf.respondDecisionTaskCompleted(
            r ->
                r.taskToken(child.taskToken())
                    .decisions(
                        decision(x -> x.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION))));
        d2 = swf.pollForDecisionTask(r -> r.domain("thr").taskList(t -> t.name("dec")));
      }
      PollForDecisionTaskResponse d3 = d2;
      // the parent continues as new; a child's or a delivery's event that arrives while its
      // decision task runs fails that continue-as-new as UNHANDLED_DECISION (which takes no rate
      // token) and gives it a new decision task, where it tries again
      while (d3.taskToken() != null
          && (!d3.workflowExecution().workflowId().equals("w")
              || d3.workflowExecution().runId().equals(run))) {
        PollForDecisionTaskResponse other = d3;
        DecisionType answer =
            other.workflowExecution().workflowId().equals("w")
                ? DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION
                : DecisionType.COMPLETE_WORKFLOW_EXECUTION;
        swf.respondDecisionTaskCompleted(
            r -> r.taskToken(other.taskToken()).decisions(decision(x -> x.decisionType(answer))));
        d3 = swf.pollForDecisionTask(r -> r.domain("thr").taskList(t -> t.name("dec")));
      }
      assertThat(d3.workflowExecution().runId()).isNotEqualTo(run);
      PollForDecisionTaskResponse successor = d3;
      swf.respondDecisionTaskCompleted(
          r ->
              r.taskToken(successor.taskToken())
                  .decisions(
                      decision(
                          x -> x.decisionType(DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION))));
      List<HistoryEvent> h2 =
          swf.getWorkflowExecutionHistory(
                  r ->
                      r.domain("thr")
                          .execution(
                              e -> e.workflowId("w").runId(successor.workflowExecution().runId())))
              .events();
      assertThat(h2)
          .filteredOn(e -> e.eventType() == EventType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION_FAILED)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(
                          e.continueAsNewWorkflowExecutionFailedEventAttributes().causeAsString())
                      .isEqualTo("CONTINUE_AS_NEW_WORKFLOW_EXECUTION_RATE_EXCEEDED"));
    }
  }
}
