package io.swfd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.api.Json;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.OperationNotPermittedException;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.ResourceTag;
import software.amazon.awssdk.services.swf.model.SwfException;

/**
 * The "done when": a worker key that may only poll, heartbeat and respond on one domain
 * cannot touch another domain or register anything; a decider key without swf:ScheduleActivityTask
 * gets ScheduleActivityTaskFailed(OPERATION_NOT_PERMITTED); unsigned or wrongly signed requests are
 * refused. Plus the other policy features end to end through the SDK.
 */
class AccessControlTest {
  static final String ACCOUNT = "123456789012";
  static final String ADMIN = "AKIAADMIN00000000001",
      WORKER = "AKIAWORKER0000000001",
      DECIDER = "AKIADECIDER000000001",
      NOTHING = "AKIANOTHING000000001",
      IMAGES = "AKIAIMAGES0000000001",
      OTHER = "AKIAOTHERACCT0000001";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  static RunningSwfd swfd;
  static SwfClient admin, worker, decider, nothing, images, other;

  static Policy policy(String json) {
    try {
      return Policy.parse(Json.MAPPER.readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @BeforeAll
  static void start() {
    List<Credential> keys =
        List.of(
            new Credential(ADMIN, SECRET, null, null, null),
            new Credential(
                WORKER,
                SECRET,
                null,
                null,
                policy(
                    """
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                          "Action": ["swf:PollForActivityTask", "swf:RecordActivityTaskHeartbeat", "swf:RespondActivityTask*"],
                          "Resource": "arn:aws:swf:*:123456789012:/domain/orders"}]}""")),
            new Credential(
                DECIDER,
                SECRET,
                null,
                null,
                policy(
                    """
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                          "Action": ["swf:PollForDecisionTask", "swf:RespondDecisionTaskCompleted", "swf:StartTimer", "swf:RecordMarker",
                                     "swf:GetWorkflowExecutionHistory"],
                          "Resource": "arn:aws:swf:*:123456789012:/domain/orders"}]}""")),
            new Credential(
                NOTHING,
                SECRET,
                null,
                null,
                policy(
                    """
                        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                          "Action": ["swf:PollForDecisionTask", "swf:RespondDecisionTaskCompleted"], "Resource": "*"}]}""")),
            new Credential(
                IMAGES,
                SECRET,
                null,
                null,
                policy(
                    """
                        {"Version": "2012-10-17", "Statement": [
                          {"Effect": "Allow", "Action": "swf:PollForActivityTask", "Resource": "*",
                           "Condition": {"StringEquals": {"swf:taskList.name": "images"}}},
                          {"Effect": "Allow", "Action": "swf:StartWorkflowExecution", "Resource": "*",
                           "Condition": {"StringEquals": {"swf:taskList.name": "dec"}, "StringLike": {"swf:workflowType.name": "w*"}}},
                          {"Effect": "Allow", "Action": ["swf:PollForDecisionTask", "swf:RespondDecisionTaskCompleted"], "Resource": "*"},
                          {"Effect": "Allow", "Action": "swf:ScheduleActivityTask", "Resource": "*",
                           "Condition": {"StringEquals": {"swf:taskList.name": "images"}}},
                          {"Effect": "Deny", "Action": "swf:*", "Resource": "arn:aws:swf:*:*:/domain/billing"}]}""")),
            new Credential(
                OTHER,
                SECRET,
                null,
                "210987654321",
                policy(
                    """
                        {"Statement": [{"Effect": "Allow", "Action": "swf:Describe*", "Resource": "*"}]}""")));
    swfd =
        new RunningSwfd(
            ServerConfig.defaults()
                .withPollTimeout(Duration.ofSeconds(1))
                .withAuth(AuthConfig.of(keys.toArray(new Credential[0]))),
            java.time.InstantSource.system());
    admin = Clients.sdk(swfd.endpoint(), ADMIN, SECRET);
    worker = Clients.sdk(swfd.endpoint(), WORKER, SECRET);
    decider = Clients.sdk(swfd.endpoint(), DECIDER, SECRET);
    nothing = Clients.sdk(swfd.endpoint(), NOTHING, SECRET);
    images = Clients.sdk(swfd.endpoint(), IMAGES, SECRET);
    other = Clients.sdk(swfd.endpoint(), OTHER, SECRET);
    for (String domain : List.of("orders", "billing")) {
      admin.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));
      admin.registerWorkflowType(
          r ->
              r.domain(domain)
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("dec"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("30")
                  .defaultChildPolicy("TERMINATE"));
      admin.registerActivityType(
          r ->
              r.domain(domain)
                  .name("act")
                  .version("1")
                  .defaultTaskList(t -> t.name("work"))
                  .defaultTaskScheduleToStartTimeout("300")
                  .defaultTaskScheduleToCloseTimeout("600")
                  .defaultTaskStartToCloseTimeout("300")
                  .defaultTaskHeartbeatTimeout("NONE"));
    }
  }

  @AfterAll
  static void stop() {
    for (SwfClient c : List.of(admin, worker, decider, nothing, images, other)) c.close();
    swfd.close();
  }

  static String denial(String keyId, String action, String resource) {
    return "User: arn:aws:iam::"
        + ACCOUNT
        + ":user/"
        + keyId
        + " is not authorized to perform: swf:"
        + action
        + " on resource: "
        + resource;
  }

  static String arn(String domain) {
    return "arn:aws:swf:us-east-1:" + ACCOUNT + ":/domain/" + domain;
  }

  static void assertDenied(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            OperationNotPermittedException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("OperationNotPermittedFault");
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
              assertThat(e.statusCode()).isEqualTo(400);
            });
  }

  /** Starts a run in a domain and has the admin key schedule an activity on task list "work". */
  static String startWithActivity(String domain, String workflowId) {
    String runId =
        admin
            .startWorkflowExecution(
                r ->
                    r.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name("dec-" + workflowId)))
            .runId();
    PollForDecisionTaskResponse d =
        admin.pollForDecisionTask(r -> r.domain(domain).taskList(t -> t.name("dec-" + workflowId)));
    assertThat(d.workflowExecution().workflowId()).isEqualTo(workflowId);
    admin.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                        .scheduleActivityTaskDecisionAttributes(
                            a ->
                                a.activityId("a-" + workflowId)
                                    .activityType(t -> t.name("act").version("1")))
                        .build()));
    return runId;
  }

  // --- the worker key ---

  @Test
  void theWorkerKeyPollsHeartbeatsAndRespondsOnItsDomain() {
    String runId = startWithActivity("orders", "worker-ok");
    PollForActivityTaskResponse a =
        worker.pollForActivityTask(r -> r.domain("orders").taskList(t -> t.name("work")));
    assertThat(a.activityId()).isEqualTo("a-worker-ok");
    assertThat(
            worker
                .recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("50%"))
                .cancelRequested())
        .isFalse();
    worker.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("done"));
    List<HistoryEvent> events =
        admin
            .getWorkflowExecutionHistory(
                r -> r.domain("orders").execution(e -> e.workflowId("worker-ok").runId(runId)))
            .events();
    assertThat(events)
        .extracting(HistoryEvent::eventType)
        .contains(EventType.ACTIVITY_TASK_COMPLETED);
  }

  @Test
  void theWorkerKeyCannotTouchAnotherDomain() {
    assertDenied(
        () -> worker.pollForActivityTask(r -> r.domain("billing").taskList(t -> t.name("work"))),
        denial(WORKER, "PollForActivityTask", arn("billing")));
    assertDenied(
        () -> worker.pollForDecisionTask(r -> r.domain("orders").taskList(t -> t.name("dec"))),
        denial(WORKER, "PollForDecisionTask", arn("orders")));
    assertDenied(
        () -> worker.describeDomain(r -> r.name("billing")),
        denial(WORKER, "DescribeDomain", arn("billing")));
    assertDenied(
        () -> worker.listDomains(r -> r.registrationStatus("REGISTERED")),
        denial(WORKER, "ListDomains", arn("*")));
    assertDenied(
        () ->
            worker.startWorkflowExecution(
                r ->
                    r.domain("orders")
                        .workflowId("nope")
                        .workflowType(t -> t.name("wf").version("1"))),
        denial(WORKER, "StartWorkflowExecution", arn("orders")));

    // a task of the billing domain: its token does not open billing to the worker key
    startWithActivity("billing", "worker-foreign");
    PollForActivityTaskResponse a =
        admin.pollForActivityTask(r -> r.domain("billing").taskList(t -> t.name("work")));
    assertThat(a.taskToken()).isNotBlank();
    assertDenied(
        () -> worker.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken())),
        denial(WORKER, "RecordActivityTaskHeartbeat", arn("billing")));
    assertDenied(
        () -> worker.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("stolen")),
        denial(WORKER, "RespondActivityTaskCompleted", arn("billing")));
    assertDenied(
        () -> worker.respondActivityTaskFailed(r -> r.taskToken(a.taskToken())),
        denial(WORKER, "RespondActivityTaskFailed", arn("billing")));
    // nothing happened to the task: its owner can still complete it
    admin.respondActivityTaskCompleted(r -> r.taskToken(a.taskToken()).result("mine"));
  }

  @Test
  void theWorkerKeyCannotRegisterAnything() {
    assertDenied(
        () ->
            worker.registerDomain(
                r -> r.name("orders2").workflowExecutionRetentionPeriodInDays("1")),
        denial(WORKER, "RegisterDomain", arn("orders2")));
    assertDenied(
        () -> worker.registerActivityType(r -> r.domain("orders").name("x").version("1")),
        denial(WORKER, "RegisterActivityType", arn("orders")));
    assertDenied(
        () -> worker.registerWorkflowType(r -> r.domain("orders").name("x").version("1")),
        denial(WORKER, "RegisterWorkflowType", arn("orders")));
    assertDenied(
        () -> worker.deprecateDomain(r -> r.name("orders")),
        denial(WORKER, "DeprecateDomain", arn("orders")));
    assertDenied(
        () ->
            worker.tagResource(
                r ->
                    r.resourceArn(arn("orders"))
                        .tags(ResourceTag.builder().key("k").value("v").build())),
        denial(WORKER, "TagResource", arn("orders")));
    assertThat(admin.describeDomain(r -> r.name("orders")).domainInfo().status().toString())
        .isEqualTo("REGISTERED");
    assertThat(admin.listDomains(r -> r.registrationStatus("REGISTERED")).domainInfos())
        .extracting(d -> d.name())
        .doesNotContain("orders2");
  }

  // --- decisions ---

  @Test
  void aDeciderWithoutScheduleActivityTaskGetsOperationNotPermitted() {
    String runId =
        admin
            .startWorkflowExecution(
                r ->
                    r.domain("orders")
                        .workflowId("decider-1")
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name("dec-decider")))
            .runId();
    PollForDecisionTaskResponse d =
        decider.pollForDecisionTask(r -> r.domain("orders").taskList(t -> t.name("dec-decider")));
    assertThat(d.workflowExecution().runId()).isEqualTo(runId);
    decider.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                        .scheduleActivityTaskDecisionAttributes(
                            a -> a.activityId("a1").activityType(t -> t.name("act").version("1")))
                        .build(),
                    Decision.builder()
                        .decisionType(DecisionType.START_TIMER)
                        .startTimerDecisionAttributes(
                            t -> t.timerId("t1").startToFireTimeout("600"))
                        .build(),
                    Decision.builder()
                        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
                        .build()));

    List<HistoryEvent> events =
        admin
            .getWorkflowExecutionHistory(
                r -> r.domain("orders").execution(e -> e.workflowId("decider-1").runId(runId)))
            .events();
    assertThat(events)
        .extracting(HistoryEvent::eventType)
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.TIMER_STARTED,
            EventType.COMPLETE_WORKFLOW_EXECUTION_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    var failed = events.get(4).scheduleActivityTaskFailedEventAttributes();
    assertThat(failed.causeAsString()).isEqualTo("OPERATION_NOT_PERMITTED");
    assertThat(failed.activityId()).isEqualTo("a1");
    assertThat(failed.activityType().name()).isEqualTo("act");
    assertThat(failed.decisionTaskCompletedEventId()).isEqualTo(4);
    assertThat(events.get(6).completeWorkflowExecutionFailedEventAttributes().causeAsString())
        .isEqualTo("OPERATION_NOT_PERMITTED");

    // the new decision task reaches the decider, who sees the failures
    PollForDecisionTaskResponse next =
        decider.pollForDecisionTask(r -> r.domain("orders").taskList(t -> t.name("dec-decider")));
    assertThat(next.workflowExecution().runId()).isEqualTo(runId);
    assertThat(next.previousStartedEventId()).isEqualTo(3);
    decider.respondDecisionTaskCompleted(
        r ->
            r.taskToken(next.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.RECORD_MARKER)
                        .recordMarkerDecisionAttributes(m -> m.markerName("m"))
                        .build()));
    assertThat(
            admin
                .describeWorkflowExecution(
                    r -> r.domain("orders").execution(e -> e.workflowId("decider-1").runId(runId)))
                .executionInfo()
                .executionStatusAsString())
        .isEqualTo("OPEN");
  }

  @Test
  void everyDecisionButScheduleLambdaFunctionFailsWithOperationNotPermitted() {
    String runId =
        admin
            .startWorkflowExecution(
                r ->
                    r.domain("orders")
                        .workflowId("nothing-1")
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name("dec-nothing")))
            .runId();
    List<List<Decision>> batches =
        List.of(
            List.of(
                d(
                    DecisionType.SCHEDULE_ACTIVITY_TASK,
                    b ->
                        b.scheduleActivityTaskDecisionAttributes(
                            a -> a.activityId("a").activityType(t -> t.name("act").version("1")))),
                d(
                    DecisionType.REQUEST_CANCEL_ACTIVITY_TASK,
                    b -> b.requestCancelActivityTaskDecisionAttributes(a -> a.activityId("a"))),
                d(
                    DecisionType.RECORD_MARKER,
                    b -> b.recordMarkerDecisionAttributes(a -> a.markerName("mk"))),
                d(
                    DecisionType.START_TIMER,
                    b ->
                        b.startTimerDecisionAttributes(
                            a -> a.timerId("t").startToFireTimeout("5"))),
                d(
                    DecisionType.CANCEL_TIMER,
                    b -> b.cancelTimerDecisionAttributes(a -> a.timerId("t"))),
                d(
                    DecisionType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION,
                    b ->
                        b.signalExternalWorkflowExecutionDecisionAttributes(
                            a -> a.workflowId("x").signalName("s").control("c1"))),
                d(
                    DecisionType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION,
                    b ->
                        b.requestCancelExternalWorkflowExecutionDecisionAttributes(
                            a -> a.workflowId("x").runId("r"))),
                d(
                    DecisionType.START_CHILD_WORKFLOW_EXECUTION,
                    b ->
                        b.startChildWorkflowExecutionDecisionAttributes(
                            a ->
                                a.workflowId("child")
                                    .workflowType(t -> t.name("wf").version("1")))),
                d(DecisionType.COMPLETE_WORKFLOW_EXECUTION, b -> {})),
            List.of(
                d(
                    DecisionType.FAIL_WORKFLOW_EXECUTION,
                    b -> b.failWorkflowExecutionDecisionAttributes(a -> a.reason("r")))),
            List.of(d(DecisionType.CANCEL_WORKFLOW_EXECUTION, b -> {})),
            List.of(
                d(
                    DecisionType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
                    b ->
                        b.continueAsNewWorkflowExecutionDecisionAttributes(
                            a -> a.input("again")))));
    for (List<Decision> batch : batches) {
      PollForDecisionTaskResponse t =
          nothing.pollForDecisionTask(r -> r.domain("orders").taskList(l -> l.name("dec-nothing")));
      assertThat(t.workflowExecution().runId()).isEqualTo(runId);
      nothing.respondDecisionTaskCompleted(r -> r.taskToken(t.taskToken()).decisions(batch));
    }
    List<HistoryEvent> events =
        admin
            .getWorkflowExecutionHistory(
                r -> r.domain("orders").execution(e -> e.workflowId("nothing-1").runId(runId)))
            .events();
    Map<EventType, String> causes = new java.util.LinkedHashMap<>();
    for (HistoryEvent e : events) {
      String cause =
          switch (e.eventType()) {
            case SCHEDULE_ACTIVITY_TASK_FAILED ->
                e.scheduleActivityTaskFailedEventAttributes().causeAsString();
            case REQUEST_CANCEL_ACTIVITY_TASK_FAILED ->
                e.requestCancelActivityTaskFailedEventAttributes().causeAsString();
            case RECORD_MARKER_FAILED -> e.recordMarkerFailedEventAttributes().causeAsString();
            case START_TIMER_FAILED -> e.startTimerFailedEventAttributes().causeAsString();
            case CANCEL_TIMER_FAILED -> e.cancelTimerFailedEventAttributes().causeAsString();
            case SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED ->
                e.signalExternalWorkflowExecutionFailedEventAttributes().causeAsString()
                    + "/"
                    + e.signalExternalWorkflowExecutionFailedEventAttributes().control();
            case REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED ->
                e.requestCancelExternalWorkflowExecutionFailedEventAttributes().causeAsString();
            case START_CHILD_WORKFLOW_EXECUTION_FAILED ->
                e.startChildWorkflowExecutionFailedEventAttributes().causeAsString();
            case COMPLETE_WORKFLOW_EXECUTION_FAILED ->
                e.completeWorkflowExecutionFailedEventAttributes().causeAsString();
            case FAIL_WORKFLOW_EXECUTION_FAILED ->
                e.failWorkflowExecutionFailedEventAttributes().causeAsString();
            case CANCEL_WORKFLOW_EXECUTION_FAILED ->
                e.cancelWorkflowExecutionFailedEventAttributes().causeAsString();
            case CONTINUE_AS_NEW_WORKFLOW_EXECUTION_FAILED ->
                e.continueAsNewWorkflowExecutionFailedEventAttributes().causeAsString();
            default -> null;
          };
      if (cause != null) causes.put(e.eventType(), cause);
    }
    assertThat(causes).hasSize(12).containsValue("OPERATION_NOT_PERMITTED/c1");
    assertThat(causes.values()).allMatch(c -> c.startsWith("OPERATION_NOT_PERMITTED"));
    assertThat(events)
        .extracting(HistoryEvent::eventType)
        .doesNotContain(
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.TIMER_STARTED,
            EventType.MARKER_RECORDED,
            EventType.START_CHILD_WORKFLOW_EXECUTION_INITIATED,
            EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
            EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(events.get(events.size() - 1).eventType())
        .isEqualTo(EventType.DECISION_TASK_SCHEDULED);
  }

  private static Decision d(DecisionType type, Consumer<Decision.Builder> attrs) {
    Decision.Builder b = Decision.builder().decisionType(type);
    attrs.accept(b);
    return b.build();
  }

  // --- conditions ---

  @Test
  void conditionsSeeTheRequestsMembersAndTypeDefaults() {
    assertThat(
            images
                .pollForActivityTask(r -> r.domain("orders").taskList(t -> t.name("images")))
                .taskToken())
        .isNull();
    assertDenied(
        () -> images.pollForActivityTask(r -> r.domain("orders").taskList(t -> t.name("videos"))),
        denial(IMAGES, "PollForActivityTask", arn("orders")));
    // no task list given: the workflow type's default "dec" is what the condition sees
    String runId =
        images
            .startWorkflowExecution(
                r ->
                    r.domain("orders")
                        .workflowId("images-1")
                        .workflowType(t -> t.name("wf").version("1")))
            .runId();
    assertDenied(
        () ->
            images.startWorkflowExecution(
                r ->
                    r.domain("orders")
                        .workflowId("images-2")
                        .workflowType(t -> t.name("wf").version("1"))
                        .taskList(t -> t.name("other"))),
        denial(IMAGES, "StartWorkflowExecution", arn("orders")));
    // an explicit Deny on billing wins over every Allow
    assertDenied(
        () -> images.pollForActivityTask(r -> r.domain("billing").taskList(t -> t.name("images"))),
        denial(IMAGES, "PollForActivityTask", arn("billing")));

    // decisions: ScheduleActivityTask only onto task list "images" (the type's default "work" is
    // refused)
    PollForDecisionTaskResponse d =
        images.pollForDecisionTask(r -> r.domain("orders").taskList(t -> t.name("dec")));
    assertThat(d.workflowExecution().runId()).isEqualTo(runId);
    images.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    d(
                        DecisionType.SCHEDULE_ACTIVITY_TASK,
                        b ->
                            b.scheduleActivityTaskDecisionAttributes(
                                a ->
                                    a.activityId("on-default")
                                        .activityType(t -> t.name("act").version("1")))),
                    d(
                        DecisionType.SCHEDULE_ACTIVITY_TASK,
                        b ->
                            b.scheduleActivityTaskDecisionAttributes(
                                a ->
                                    a.activityId("on-images")
                                        .activityType(t -> t.name("act").version("1"))
                                        .taskList(t -> t.name("images"))))));
    List<HistoryEvent> events =
        admin
            .getWorkflowExecutionHistory(
                r -> r.domain("orders").execution(e -> e.workflowId("images-1").runId(runId)))
            .events();
    assertThat(events.get(4).eventType()).isEqualTo(EventType.SCHEDULE_ACTIVITY_TASK_FAILED);
    assertThat(events.get(4).scheduleActivityTaskFailedEventAttributes().activityId())
        .isEqualTo("on-default");
    assertThat(events.get(5).eventType()).isEqualTo(EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(events.get(5).activityTaskScheduledEventAttributes().activityId())
        .isEqualTo("on-images");
    PollForActivityTaskResponse a =
        images.pollForActivityTask(r -> r.domain("orders").taskList(t -> t.name("images")));
    assertThat(a.activityId()).isEqualTo("on-images");
  }

  @Test
  void theCallerArnNamesTheKeysAccountAndTheResourceTheSigningRegion() {
    assertThat(other.describeDomain(r -> r.name("orders")).domainInfo().name()).isEqualTo("orders");
    assertThatThrownBy(() -> other.listDomains(r -> r.registrationStatus("REGISTERED")))
        .isInstanceOfSatisfying(
            OperationNotPermittedException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "User: arn:aws:iam::210987654321:user/"
                            + OTHER
                            + " is not authorized to perform: swf:ListDomains "
                            + "on resource: arn:aws:swf:us-east-1:"
                            + ACCOUNT
                            + ":/domain/*"));
    try (SwfClient west = Clients.sdk(swfd.endpoint(), WORKER, SECRET, null, Region.EU_WEST_1)) {
      assertDenied(
          () -> west.pollForActivityTask(r -> r.domain("billing").taskList(t -> t.name("work"))),
          denial(
              WORKER,
              "PollForActivityTask",
              "arn:aws:swf:eu-west-1:" + ACCOUNT + ":/domain/billing"));
      // the policy's region wildcard covers eu-west-1 too (the domain does not exist there)
      assertThatThrownBy(
              () -> west.pollForActivityTask(r -> r.domain("orders").taskList(t -> t.name("work"))))
          .isInstanceOfSatisfying(
              SwfException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownResourceFault"));
    }
  }

  // --- signatures ---

  @Test
  void unsignedAndWronglySignedRequestsAreRefused() {
    Clients.Raw r =
        Clients.post(
            swfd.endpoint(),
            "SimpleWorkflowService.ListDomains",
            "{\"registrationStatus\":\"REGISTERED\"}",
            Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.type()).isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
    assertThat(r.message()).isEqualTo("Request is missing Authentication Token");

    r =
        Clients.post(
            swfd.endpoint(),
            "SimpleWorkflowService.ListDomains",
            "{}",
            Map.of("Authorization", "Bearer xyz"));
    assertThat(r.type()).isEqualTo("com.amazon.coral.service#IncompleteSignatureException");

    try (SwfClient wrongSecret = Clients.sdk(swfd.endpoint(), ADMIN, SECRET + "x");
        SwfClient unknownKey = Clients.sdk(swfd.endpoint(), "AKIAUNKNOWN000000000", SECRET)) {
      assertThatThrownBy(() -> wrongSecret.listDomains(q -> q.registrationStatus("REGISTERED")))
          .isInstanceOfSatisfying(
              SwfException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("The request signature we calculated does not match");
              });
      assertThatThrownBy(() -> unknownKey.listDomains(q -> q.registrationStatus("REGISTERED")))
          .isInstanceOfSatisfying(
              SwfException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
              });
      // a refused request changed nothing
      assertThatThrownBy(
              () ->
                  wrongSecret.registerDomain(
                      q -> q.name("sneaky").workflowExecutionRetentionPeriodInDays("1")))
          .isInstanceOf(SwfException.class);
    }
    assertThat(admin.listDomains(q -> q.registrationStatus("REGISTERED")).domainInfos())
        .extracting(d -> d.name())
        .doesNotContain("sneaky");
  }

  @Test
  void aSignedRequestWithATamperedBodyIsRefused() {
    // sign one body, send another
    java.time.Instant now = java.time.Instant.now();
    String host = swfd.endpoint().getHost() + ":" + swfd.endpoint().getPort();
    String signedBody = "{\"registrationStatus\":\"REGISTERED\"}";
    Map<String, String> h = new java.util.TreeMap<>();
    h.put("host", host);
    h.put("x-amz-date", SigV4.AMZ_DATE.format(now));
    h.put("x-amz-target", "SimpleWorkflowService.ListDomains");
    String auth =
        SigV4.authorization(
            ADMIN,
            SECRET,
            "POST",
            "/",
            h,
            signedBody.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            now,
            "us-east-1",
            "swf");
    Map<String, String> send = Map.of("X-Amz-Date", h.get("x-amz-date"), "Authorization", auth);
    assertThat(
            Clients.post(swfd.endpoint(), "SimpleWorkflowService.ListDomains", signedBody, send)
                .status())
        .isEqualTo(200);
    Clients.Raw r =
        Clients.post(
            swfd.endpoint(),
            "SimpleWorkflowService.ListDomains",
            "{\"registrationStatus\":\"DEPRECATED\"}",
            send);
    assertThat(r.type()).isEqualTo("com.amazon.coral.service#InvalidSignatureException");
    // and a signed header changed: the target is signed
    r = Clients.post(swfd.endpoint(), "SimpleWorkflowService.DescribeDomain", signedBody, send);
    assertThat(r.type()).isEqualTo("com.amazon.coral.service#InvalidSignatureException");
  }

  @Test
  @SuppressWarnings("deprecation")
  void theSdkV1SignsAcceptablyAndGetsTypedDenials() {
    com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflowClient v1Admin =
        new com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflowClient(
            new com.amazonaws.auth.BasicAWSCredentials(ADMIN, SECRET),
            new com.amazonaws.ClientConfiguration().withMaxErrorRetry(0));
    com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflowClient v1Worker =
        new com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflowClient(
            new com.amazonaws.auth.BasicAWSCredentials(WORKER, SECRET),
            new com.amazonaws.ClientConfiguration().withMaxErrorRetry(0));
    for (var c : List.of(v1Admin, v1Worker)) {
      c.setEndpoint(swfd.endpoint().toString());
      c.setSignerRegionOverride("us-east-1");
    }
    try {
      assertThat(
              v1Admin
                  .describeDomain(
                      new com.amazonaws.services.simpleworkflow.model.DescribeDomainRequest()
                          .withName("orders"))
                  .getDomainInfo()
                  .getName())
          .isEqualTo("orders");
      assertThatThrownBy(
              () ->
                  v1Worker.describeDomain(
                      new com.amazonaws.services.simpleworkflow.model.DescribeDomainRequest()
                          .withName("orders")))
          .isInstanceOfSatisfying(
              com.amazonaws.services.simpleworkflow.model.OperationNotPermittedException.class,
              e -> {
                assertThat(e.getErrorCode()).isEqualTo("OperationNotPermittedFault");
                assertThat(e.getErrorMessage())
                    .isEqualTo(denial(WORKER, "DescribeDomain", arn("orders")));
              });
    } finally {
      v1Admin.shutdown();
      v1Worker.shutdown();
    }
  }
}
