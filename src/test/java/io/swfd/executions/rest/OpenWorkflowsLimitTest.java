package io.swfd.executions.rest;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.support.RunningSwfd;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.LimitExceededException;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * SWF's quota of open executions per domain (100,000, counting children): a start beyond it is
 * LimitExceededFault, a child start OPEN_WORKFLOWS_LIMIT_EXCEEDED. The quota is lowered here so
 * that the test does not need 100,000 runs; the counting is the same.
 */
class OpenWorkflowsLimitTest {
  @Test
  void startsBeyondTheDomainsOpenRunsQuotaAreRefused() {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      assertThat(swfd.server().runs().maxOpenPerDomain()).isEqualTo(100_000);
      swfd.server().runs().limitOpenPerDomain(2);
      swf.registerDomain(r -> r.name("full").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerDomain(r -> r.name("other").workflowExecutionRetentionPeriodInDays("1"));
      for (String d : List.of("full", "other")) {
        swf.registerWorkflowType(
            r ->
                r.domain(d)
                    .name("wf")
                    .version("1")
                    .defaultTaskList(t -> t.name("dec-" + d))
                    .defaultExecutionStartToCloseTimeout("3600")
                    .defaultTaskStartToCloseTimeout("60")
                    .defaultChildPolicy("ABANDON"));
      }
      String run1 =
          swf.startWorkflowExecution(
                  r ->
                      r.domain("full")
                          .workflowId("w1")
                          .workflowType(t -> t.name("wf").version("1")))
              .runId();
      swf.startWorkflowExecution(
          r -> r.domain("full").workflowId("w2").workflowType(t -> t.name("wf").version("1")));
      assertThatThrownBy(
              () ->
                  swf.startWorkflowExecution(
                      r ->
                          r.domain("full")
                              .workflowId("w3")
                              .workflowType(t -> t.name("wf").version("1"))))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageContaining("open workflow executions");
      // the quota is per domain
      swf.startWorkflowExecution(
          r -> r.domain("other").workflowId("w3").workflowType(t -> t.name("wf").version("1")));

      // a child start in a full domain fails at once, without an Initiated event
      PollForDecisionTaskResponse d =
          swf.pollForDecisionTask(r -> r.domain("full").taskList(t -> t.name("dec-full")));
      String parentRun = d.workflowExecution().runId();
      swf.respondDecisionTaskCompleted(
          r ->
              r.taskToken(d.taskToken())
                  .decisions(
                      decision(
                          x ->
                              x.decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
                                  .startChildWorkflowExecutionDecisionAttributes(
                                      c ->
                                          c.workflowId("child")
                                              .workflowType(t -> t.name("wf").version("1"))))));
      List<HistoryEvent> h =
          swf.getWorkflowExecutionHistory(
                  r ->
                      r.domain("full")
                          .execution(
                              e ->
                                  e.workflowId(d.workflowExecution().workflowId())
                                      .runId(parentRun)))
              .events();
      assertThat(h)
          .noneMatch(e -> e.eventType() == EventType.START_CHILD_WORKFLOW_EXECUTION_INITIATED);
      assertThat(h)
          .filteredOn(e -> e.eventType() == EventType.START_CHILD_WORKFLOW_EXECUTION_FAILED)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.startChildWorkflowExecutionFailedEventAttributes().causeAsString())
                    .isEqualTo("OPEN_WORKFLOWS_LIMIT_EXCEEDED");
                assertThat(e.startChildWorkflowExecutionFailedEventAttributes().initiatedEventId())
                    .isZero();
              });

      // closing a run frees a place, and a restart counts the open runs again
      swf.terminateWorkflowExecution(r -> r.domain("full").workflowId("w1").runId(run1));
      swf.startWorkflowExecution(
          r -> r.domain("full").workflowId("w4").workflowType(t -> t.name("wf").version("1")));
      swfd.restart();
      swfd.server().runs().limitOpenPerDomain(2);
      assertThatThrownBy(
              () ->
                  swf.startWorkflowExecution(
                      r ->
                          r.domain("full")
                              .workflowId("w5")
                              .workflowType(t -> t.name("wf").version("1"))))
          .isInstanceOf(LimitExceededException.class);
    }
  }
}
