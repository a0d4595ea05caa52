package io.swfd.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.support.RunningSwfd;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

class ControlAndVisibilitySmokeTest {
  @Test
  void signalCancelTerminateAndList() {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("cv").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain("cv")
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("dec"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("30")
                  .defaultChildPolicy("TERMINATE"));
      String run =
          swf.startWorkflowExecution(
                  r ->
                      r.domain("cv")
                          .workflowId("w")
                          .workflowType(t -> t.name("wf").version("1"))
                          .tagList("blue"))
              .runId();
      swf.signalWorkflowExecution(r -> r.domain("cv").workflowId("w").signalName("go").input("x"));
      swf.requestCancelWorkflowExecution(r -> r.domain("cv").workflowId("w"));
      assertThat(
              swf.describeWorkflowExecution(
                      r -> r.domain("cv").execution(e -> e.workflowId("w").runId(run)))
                  .executionInfo()
                  .cancelRequested())
          .isTrue();
      assertThat(
              swf.countOpenWorkflowExecutions(
                      r ->
                          r.domain("cv")
                              .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))
                              .tagFilter(t -> t.tag("blue")))
                  .count())
          .isEqualTo(1);
      swf.terminateWorkflowExecution(r -> r.domain("cv").workflowId("w").reason("done"));
      assertThatThrownBy(
              () ->
                  swf.signalWorkflowExecution(
                      r -> r.domain("cv").workflowId("w").signalName("late")))
          .isInstanceOf(UnknownResourceException.class);
      var closed =
          swf.listClosedWorkflowExecutions(
                  r -> r.domain("cv").closeTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
              .executionInfos();
      assertThat(closed).hasSize(1);
      assertThat(closed.get(0).closeStatus()).isEqualTo(CloseStatus.TERMINATED);
      assertThat(
              swf.getWorkflowExecutionHistory(
                      r -> r.domain("cv").execution(e -> e.workflowId("w").runId(run)))
                  .events())
          .extracting(HistoryEvent::eventType)
          .containsExactly(
              EventType.WORKFLOW_EXECUTION_STARTED,
              EventType.DECISION_TASK_SCHEDULED,
              EventType.WORKFLOW_EXECUTION_SIGNALED,
              EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED,
              EventType.WORKFLOW_EXECUTION_TERMINATED);
    }
  }
}
