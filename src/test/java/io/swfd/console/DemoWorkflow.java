package io.swfd.console;

import io.swfd.timers.TimeControl;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * Runs a small order workflow on a server with time control, with something of everything for the
 * console to show: activities that complete, fail and time out (with heartbeats), a timer, a
 * signal, a marker, a retry; plus a failed execution, an open one and pending tasks.
 */
public final class DemoWorkflow {
  public static final String DOMAIN = "orders";
  public static final String DECISIONS = "order-decisions";
  public static final String WORK = "order-work";

  private final SwfClient swf;
  private final TimeControl time;

  public DemoWorkflow(SwfClient swf, TimeControl time) {
    this.swf = swf;
    this.time = time;
  }

  /** The ids of what {@link #run()} made. */
  public record Runs(
      String completedRunId, String failedRunId, String openRunId, String pendingActivityRunId) {}

  public void register() {
    swf.registerDomain(
        r ->
            r.name(DOMAIN)
                .description("Web shop orders")
                .workflowExecutionRetentionPeriodInDays("30"));
    swf.registerWorkflowType(
        r ->
            r.domain(DOMAIN)
                .name("ProcessOrder")
                .version("1")
                .defaultTaskList(t -> t.name(DECISIONS))
                .defaultChildPolicy("TERMINATE")
                .defaultExecutionStartToCloseTimeout("86400")
                .defaultTaskStartToCloseTimeout("60"));
    activityType("ChargeCard", "3600");
    activityType("ShipOrder", "NONE");
    activityType("SendEmail", "300");
  }

  private void activityType(String name, String heartbeat) {
    swf.registerActivityType(
        r ->
            r.domain(DOMAIN)
                .name(name)
                .version("1")
                .defaultTaskList(t -> t.name(WORK))
                .defaultTaskHeartbeatTimeout(heartbeat)
                .defaultTaskScheduleToStartTimeout("NONE")
                .defaultTaskScheduleToCloseTimeout("NONE")
                .defaultTaskStartToCloseTimeout("7200"));
  }

  public Runs run() {
    String completed = completedOrder();
    String failed = failedOrder();
    // left open: a decision task nobody takes (on its own list), and an activity task nobody takes
    String open =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId("order-1003")
                        .workflowType(t -> t.name("ProcessOrder").version("1"))
                        .taskList(t -> t.name("order-decisions-eu"))
                        .input("{\"orderId\": 1003}")
                        .tagList("web"))
            .runId();
    String pending =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId("order-1004")
                        .workflowType(t -> t.name("ProcessOrder").version("1"))
                        .input("{\"orderId\": 1004}")
                        .tagList("phone"))
            .runId();
    decide(schedule("charge-card", "ChargeCard", "{\"amount\": \"12.00\"}"));
    return new Runs(completed, failed, open, pending);
  }

  private String completedOrder() {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId("order-1001")
                        .workflowType(t -> t.name("ProcessOrder").version("1"))
                        .input("{\"orderId\": 1001, \"amount\": \"49.90\"}")
                        .tagList("web", "priority"))
            .runId();
    advance(Duration.ofSeconds(2));
    decide(schedule("charge-card", "ChargeCard", "{\"amount\": \"49.90\"}"));
    advance(Duration.ofSeconds(5));
    PollForActivityTaskResponse charge = work();
    advance(Duration.ofSeconds(40));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(charge.taskToken()).details("authorizing"));
    advance(Duration.ofSeconds(35));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(charge.taskToken()).details("captured"));
    advance(Duration.ofSeconds(20));
    swf.respondActivityTaskCompleted(
        r -> r.taskToken(charge.taskToken()).result("{\"chargeId\": \"ch_1001\"}"));
    advance(Duration.ofSeconds(3));
    decide(
        schedule("ship-order", "ShipOrder", "{\"carrier\": \"UPS\"}"),
        schedule("send-receipt", "SendEmail", "{\"to\": \"ann@example.com\"}"));
    advance(Duration.ofSeconds(4));
    PollForActivityTaskResponse ship = work();
    PollForActivityTaskResponse email = work();
    swf.recordActivityTaskHeartbeat(
        r -> r.taskToken(email.taskToken()).details("rendering template"));
    advance(Duration.ofSeconds(50));
    swf.respondActivityTaskFailed(
        r ->
            r.taskToken(ship.taskToken())
                .reason("carrier unavailable")
                .details("UPS API answered 503"));
    advance(Duration.ofSeconds(2));
    decide(
        Decision.builder()
            .decisionType(DecisionType.START_TIMER)
            .startTimerDecisionAttributes(
                t -> t.timerId("retry-shipping").startToFireTimeout("600"))
            .build());
    advance(
        Duration.ofMinutes(
            5)); // the email worker has gone quiet: its 5-minute heartbeat timeout passes
    decide(
        Decision.builder()
            .decisionType(DecisionType.RECORD_MARKER)
            .recordMarkerDecisionAttributes(
                m -> m.markerName("receipt-skipped").details("email worker timed out"))
            .build());
    advance(Duration.ofSeconds(60));
    swf.signalWorkflowExecution(
        r ->
            r.domain(DOMAIN)
                .workflowId("order-1001")
                .runId(runId)
                .signalName("gift-wrap")
                .input("{\"paper\": \"red\"}"));
    advance(Duration.ofSeconds(1));
    decide();
    advance(Duration.ofMinutes(10)); // the retry timer fires
    decide(schedule("ship-order-2", "ShipOrder", "{\"carrier\": \"DHL\", \"giftWrap\": true}"));
    advance(Duration.ofSeconds(6));
    PollForActivityTaskResponse ship2 = work();
    advance(Duration.ofSeconds(170));
    swf.respondActivityTaskCompleted(
        r -> r.taskToken(ship2.taskToken()).result("{\"tracking\": \"DHL-42\"}"));
    advance(Duration.ofSeconds(2));
    decide(
        Decision.builder()
            .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
            .completeWorkflowExecutionDecisionAttributes(
                c -> c.result("{\"status\": \"shipped\", \"tracking\": \"DHL-42\"}"))
            .build());
    return runId;
  }

  private String failedOrder() {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(DOMAIN)
                        .workflowId("order-1002")
                        .workflowType(t -> t.name("ProcessOrder").version("1"))
                        .input("{\"orderId\": 1002}")
                        .tagList("web"))
            .runId();
    advance(Duration.ofSeconds(1));
    decide(
        Decision.builder()
            .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
            .failWorkflowExecutionDecisionAttributes(
                f -> f.reason("card declined").details("issuer said no"))
            .build());
    return runId;
  }

  private static Decision schedule(String id, String type, String input) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> a.activityId(id).activityType(t -> t.name(type).version("1")).input(input))
        .build();
  }

  private void decide(Decision... decisions) {
    PollForDecisionTaskResponse task =
        swf.pollForDecisionTask(
            r -> r.domain(DOMAIN).taskList(t -> t.name(DECISIONS)).identity("decider-1"));
    if (task.taskToken() == null) throw new IllegalStateException("no decision task");
    advance(Duration.ofMillis(800));
    swf.respondDecisionTaskCompleted(
        r -> r.taskToken(task.taskToken()).decisions(List.of(decisions)));
  }

  private PollForActivityTaskResponse work() {
    PollForActivityTaskResponse t =
        swf.pollForActivityTask(
            r -> r.domain(DOMAIN).taskList(l -> l.name(WORK)).identity("worker-7"));
    if (t.taskToken() == null) throw new IllegalStateException("no activity task");
    return t;
  }

  private void advance(Duration d) {
    if (!time.advanceAndSettle(d, Duration.ofSeconds(10)))
      throw new IllegalStateException("deadlines did not settle");
  }
}
