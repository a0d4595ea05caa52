package io.swfd.testkit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swfd.testkit.Swfd;
import io.swfd.testkit.SwfdTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/**
 * The README's example: a decider and an activity worker, and a one-hour heartbeat timeout tested
 * in milliseconds.
 */
@SwfdTest
class ChargeCardWorkflowTest {
  static final String DOMAIN = "payments";

  /**
   * The decider under test: charge the card; complete with its result, or fail if the charge timed
   * out.
   */
  static List<Decision> decide(List<HistoryEvent> events) {
    HistoryEvent last =
        events.stream()
            .filter(e -> !e.eventTypeAsString().startsWith("DecisionTask"))
            .reduce((a, b) -> b)
            .orElseThrow();
    return switch (last.eventType()) {
      case WORKFLOW_EXECUTION_STARTED ->
          List.of(
              Decision.builder()
                  .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                  .scheduleActivityTaskDecisionAttributes(
                      a ->
                          a.activityId("charge-1")
                              .activityType(t -> t.name("ChargeCard").version("1"))
                              .input(last.workflowExecutionStartedEventAttributes().input()))
                  .build());
      case ACTIVITY_TASK_COMPLETED ->
          List.of(
              Decision.builder()
                  .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
                  .completeWorkflowExecutionDecisionAttributes(
                      a -> a.result(last.activityTaskCompletedEventAttributes().result()))
                  .build());
      case ACTIVITY_TASK_TIMED_OUT ->
          List.of(
              Decision.builder()
                  .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
                  .failWorkflowExecutionDecisionAttributes(
                      a ->
                          a.reason("charge timed out")
                              .details(
                                  last.activityTaskTimedOutEventAttributes().timeoutTypeAsString()))
                  .build());
      default -> List.of();
    };
  }

  /** One turn of the decider: take a decision task, answer it. */
  static void runDecider(SwfClient swf) {
    PollForDecisionTaskResponse task =
        swf.pollForDecisionTask(r -> r.domain(DOMAIN).taskList(t -> t.name("payments-decider")));
    swf.respondDecisionTaskCompleted(
        r -> r.taskToken(task.taskToken()).decisions(decide(task.events())));
  }

  @BeforeAll
  static void register(SwfClient swf) {
    swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(DOMAIN)
                .name("ChargeCardWorkflow")
                .version("1")
                .defaultTaskList(t -> t.name("payments-decider"))
                .defaultChildPolicy("TERMINATE")
                .defaultExecutionStartToCloseTimeout("86400")
                .defaultTaskStartToCloseTimeout("60"));
    swf.registerActivityType(
        r ->
            r.domain(DOMAIN)
                .name("ChargeCard")
                .version("1")
                .defaultTaskList(t -> t.name("payments-workers"))
                .defaultTaskHeartbeatTimeout(
                    "3600") // a worker must heartbeat at least once an hour
                .defaultTaskScheduleToStartTimeout("NONE")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskScheduleToCloseTimeout("NONE"));
  }

  @Test
  void aChargeThatSucceedsCompletesTheWorkflow(SwfClient swf) {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId("order-1")
                        .workflowType(t -> t.name("ChargeCardWorkflow").version("1"))
                        .input("4111-1111"))
            .runId();
    runDecider(swf);

    PollForActivityTaskResponse work =
        swf.pollForActivityTask(r -> r.domain(DOMAIN).taskList(t -> t.name("payments-workers")));
    assertEquals("4111-1111", work.input());
    swf.respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()).result("charged"));
    runDecider(swf);

    var info =
        swf.describeWorkflowExecution(
            r -> r.domain(DOMAIN).execution(e -> e.workflowId("order-1").runId(runId)));
    assertEquals("COMPLETED", info.executionInfo().closeStatusAsString());
  }

  @Test
  void aWorkerThatStopsHeartbeatingTimesOutAfterAnHour(SwfClient swf, Swfd swfd) {
    long t0 = System.nanoTime();
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId("order-2")
                        .workflowType(t -> t.name("ChargeCardWorkflow").version("1"))
                        .input("4000-0002"))
            .runId();
    runDecider(swf);

    // the worker takes the task, reports progress, then hangs
    PollForActivityTaskResponse work =
        swf.pollForActivityTask(r -> r.domain(DOMAIN).taskList(t -> t.name("payments-workers")));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(work.taskToken()).details("contacting bank"));

    swfd.advance(Duration.ofMinutes(59)); // still within the hour: nothing happens
    assertFalse(
        history(swf, "order-2", runId).stream()
            .anyMatch(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT));

    swfd.advance(Duration.ofMinutes(1)); // an hour without a heartbeat: timed out, now
    runDecider(swf); // the decider sees the timeout and fails the workflow

    List<HistoryEvent> history = history(swf, "order-2", runId);
    ActivityTaskTimedOutEventAttributes timedOut =
        history.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT)
            .findFirst()
            .orElseThrow()
            .activityTaskTimedOutEventAttributes();
    assertEquals("HEARTBEAT", timedOut.timeoutTypeAsString());
    assertEquals("contacting bank", timedOut.details()); // the last heartbeat's details
    assertEquals(EventType.WORKFLOW_EXECUTION_FAILED, history.get(history.size() - 1).eventType());
    // the hung worker's late answer is refused
    assertThrows(
        UnknownResourceException.class,
        () ->
            swf.respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()).result("charged")));

    Duration wall = Duration.ofNanos(System.nanoTime() - t0);
    System.out.println("one-hour heartbeat timeout tested in " + wall.toMillis() + " ms");
    assertTrue(wall.compareTo(Duration.ofSeconds(5)) < 0, "took " + wall);
  }

  static List<HistoryEvent> history(SwfClient swf, String workflowId, String runId) {
    return swf
        .getWorkflowExecutionHistoryPaginator(
            r -> r.domain(DOMAIN).execution(e -> e.workflowId(workflowId).runId(runId)))
        .events()
        .stream()
        .toList();
  }
}
