package io.swfd.executions;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

class ChildAndContinueSmokeTest {
  @Test
  void childCompletesAndParentContinuesAsNew() {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("cc").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain("cc")
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("dec"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("30")
                  .defaultChildPolicy("TERMINATE"));
      String parentRun =
          swf.startWorkflowExecution(
                  r ->
                      r.domain("cc")
                          .workflowId("parent")
                          .workflowType(t -> t.name("wf").version("1")))
              .runId();
      PollForDecisionTaskResponse d1 =
          swf.pollForDecisionTask(r -> r.domain("cc").taskList(t -> t.name("dec")));
      swf.respondDecisionTaskCompleted(
          r ->
              r.taskToken(d1.taskToken())
                  .decisions(
                      decision(
                          d ->
                              d.decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
                                  .startChildWorkflowExecutionDecisionAttributes(
                                      a ->
                                          a.workflowId("child")
                                              .workflowType(t -> t.name("wf").version("1"))
                                              .input("ci"))),
                      decision(
                          d ->
                              d.decisionType(DecisionType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION)
                                  .signalExternalWorkflowExecutionDecisionAttributes(
                                      a -> a.workflowId("nobody").signalName("s")))));
      // the child's decision tasks and the parent's arrive on the same list
      PollForDecisionTaskResponse parentSawChild = null;
      for (int i = 0; i < 8 && parentSawChild == null; i++) {
        PollForDecisionTaskResponse d =
            swf.pollForDecisionTask(r -> r.domain("cc").taskList(t -> t.name("dec")));
        if (d.taskToken() == null) continue;
        if (d.workflowExecution().workflowId().equals("child")) {
          assertThat(
                  d.events()
                      .get(0)
                      .workflowExecutionStartedEventAttributes()
                      .parentWorkflowExecution()
                      .runId())
              .isEqualTo(parentRun);
          swf.respondDecisionTaskCompleted(
              r ->
                  r.taskToken(d.taskToken())
                      .decisions(
                          decision(
                              c ->
                                  c.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
                                      .completeWorkflowExecutionDecisionAttributes(
                                          x -> x.result("child-done")))));
        } else if (d.events().stream()
            .anyMatch(e -> e.eventType() == EventType.CHILD_WORKFLOW_EXECUTION_COMPLETED)) {
          parentSawChild = d;
        } else {
          swf.respondDecisionTaskCompleted(r -> r.taskToken(d.taskToken()));
        }
      }
      List<EventType> types = types(swf, "parent", parentRun);
      assertThat(types)
          .contains(
              EventType.START_CHILD_WORKFLOW_EXECUTION_INITIATED,
              EventType.CHILD_WORKFLOW_EXECUTION_STARTED,
              EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
              EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
              EventType.CHILD_WORKFLOW_EXECUTION_COMPLETED);
      PollForDecisionTaskResponse d2 = parentSawChild;
      swf.respondDecisionTaskCompleted(
          r ->
              r.taskToken(d2.taskToken())
                  .decisions(
                      decision(
                          c ->
                              c.decisionType(DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION)
                                  .continueAsNewWorkflowExecutionDecisionAttributes(
                                      x -> x.input("again")))));
      var open =
          swf.listOpenWorkflowExecutions(
                  r -> r.domain("cc").startTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
              .executionInfos();
      assertThat(open).hasSize(1);
      assertThat(open.get(0).execution().workflowId()).isEqualTo("parent");
      assertThat(open.get(0).execution().runId()).isNotEqualTo(parentRun);
      var first =
          swf.getWorkflowExecutionHistory(
                  r ->
                      r.domain("cc")
                          .execution(
                              e -> e.workflowId("parent").runId(open.get(0).execution().runId())))
              .events()
              .get(0);
      assertThat(first.workflowExecutionStartedEventAttributes().continuedExecutionRunId())
          .isEqualTo(parentRun);
    }
  }

  private static List<EventType> types(SwfClient swf, String workflowId, String runId) {
    return swf
        .getWorkflowExecutionHistory(
            r -> r.domain("cc").execution(e -> e.workflowId(workflowId).runId(runId)))
        .events()
        .stream()
        .map(HistoryEvent::eventType)
        .toList();
  }
}
