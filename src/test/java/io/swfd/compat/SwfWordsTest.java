package io.swfd.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionTerminatedCause;

/**
 * The faults and messages SWF answers where clients and their test suites compare the text, and the
 * behaviours SWF documents for termination and domain deprecation, seen through the AWS SDK.
 */
class SwfWordsTest {
  static final ManualClock clock = new ManualClock(Instant.parse("2030-03-01T00:00:00Z"));
  static RunningSwfd swfd;
  static SwfClient swf;
  static int unique;

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd(ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)), clock);
    swf = swfd.client();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  /** A fresh domain with a workflow type and an activity type, each on its own task list. */
  static String domain() {
    unique++;
    String d = "words-" + unique;
    swf.registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("600")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain(d)
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name("work"))
                .defaultTaskScheduleToStartTimeout("600")
                .defaultTaskScheduleToCloseTimeout("600")
                .defaultTaskStartToCloseTimeout("600")
                .defaultTaskHeartbeatTimeout("NONE"));
    return d;
  }

  static String start(String d, String workflowId) {
    return swf.startWorkflowExecution(
            r -> r.domain(d).workflowId(workflowId).workflowType(t -> t.name("wf").version("1")))
        .runId();
  }

  static PollForDecisionTaskResponse decisionTask(String d) {
    PollForDecisionTaskResponse t =
        swf.pollForDecisionTask(r -> r.domain(d).taskList(l -> l.name("dec")));
    assertThat(t.taskToken()).as("a decision task").isNotNull();
    return t;
  }

  static void respond(String token, Decision... decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(token).decisions(decisions));
  }

  static Decision scheduleActivity(String activityId) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> a.activityId(activityId).activityType(t -> t.name("act").version("1")))
        .build();
  }

  static Decision startChild(String workflowId) {
    return Decision.builder()
        .decisionType(DecisionType.START_CHILD_WORKFLOW_EXECUTION)
        .startChildWorkflowExecutionDecisionAttributes(
            a -> a.workflowId(workflowId).workflowType(t -> t.name("wf").version("1")))
        .build();
  }

  static List<HistoryEvent> history(String d, String workflowId, String runId) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain(d).execution(e -> e.workflowId(workflowId).runId(runId)))
        .events();
  }

  static HistoryEvent last(List<HistoryEvent> h) {
    return h.get(h.size() - 1);
  }

  /** The fault a call fails with: its code and message. */
  static String[] fault(ThrowingCallable call) {
    SwfException e = catchThrowableOfType(SwfException.class, call);
    assertThat(e).as("the call fails").isNotNull();
    return new String[] {e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage()};
  }

  static String[] of(String code, String message) {
    return new String[] {code, message};
  }

  static String unknownRun(String workflowId, String runId) {
    return "Unknown execution: WorkflowExecution=[workflowId="
        + workflowId
        + ", runId="
        + runId
        + "]";
  }

  // ---------------------------------------------------------------- 1. Already Started

  @Test
  void startingAWorkflowIdThatHasAnOpenRunIsAlreadyStarted() {
    String d = domain();
    start(d, "dup");
    assertThat(fault(() -> start(d, "dup")))
        .containsExactly("WorkflowExecutionAlreadyStartedFault", "Already Started");
    // the SDK's modeled exception carries it too
    assertThat(
            catchThrowableOfType(
                    software.amazon.awssdk.services.swf.model
                        .WorkflowExecutionAlreadyStartedException.class,
                    () -> start(d, "dup"))
                .awsErrorDetails()
                .errorMessage())
        .isEqualTo("Already Started");
  }

  // ---------------------------------------------------------------- 2. Unknown execution

  @Test
  void operationsOnAClosedRunNameItInSwfsWords() {
    String d = domain();
    String runId = start(d, "closed");
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId("closed").runId(runId));
    String named = unknownRun("closed", runId);
    String byId = "Unknown execution, workflowId = closed";

    List<ThrowingCallable> withRunId =
        List.of(
            () ->
                swf.terminateWorkflowExecution(r -> r.domain(d).workflowId("closed").runId(runId)),
            () ->
                swf.signalWorkflowExecution(
                    r -> r.domain(d).workflowId("closed").runId(runId).signalName("s")),
            () ->
                swf.requestCancelWorkflowExecution(
                    r -> r.domain(d).workflowId("closed").runId(runId)));
    for (ThrowingCallable c : withRunId)
      assertThat(fault(c)).containsExactly("UnknownResourceFault", named);

    List<ThrowingCallable> byWorkflowId =
        List.of(
            () -> swf.terminateWorkflowExecution(r -> r.domain(d).workflowId("closed")),
            () ->
                swf.signalWorkflowExecution(r -> r.domain(d).workflowId("closed").signalName("s")),
            () -> swf.requestCancelWorkflowExecution(r -> r.domain(d).workflowId("closed")),
            () ->
                swf.signalWorkflowExecution(r -> r.domain(d).workflowId("never").signalName("s")));
    assertThat(fault(byWorkflowId.get(0))).containsExactly("UnknownResourceFault", byId);
    assertThat(fault(byWorkflowId.get(1))).containsExactly("UnknownResourceFault", byId);
    assertThat(fault(byWorkflowId.get(2))).containsExactly("UnknownResourceFault", byId);
    assertThat(fault(byWorkflowId.get(3)))
        .containsExactly("UnknownResourceFault", "Unknown execution, workflowId = never");
    // an unknown runId of a workflowId is named as given
    assertThat(
            fault(
                () ->
                    swf.signalWorkflowExecution(
                        r -> r.domain(d).workflowId("closed").runId("nope").signalName("s"))))
        .containsExactly("UnknownResourceFault", unknownRun("closed", "nope"));
  }

  @Test
  void tokensOfARunThatClosedNameTheRunAndOfAClosedTaskTheTask() {
    String d = domain();
    String runId = start(d, "tokens");
    PollForDecisionTaskResponse first = decisionTask(d);
    respond(first.taskToken(), scheduleActivity("a1"), scheduleActivity("a2"));
    PollForActivityTaskResponse a1 =
        swf.pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("work")));
    PollForActivityTaskResponse a2 =
        swf.pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("work")));
    assertThat(a2.taskToken()).isNotNull();

    // a closed task of an open run: the task is unknown
    swf.respondActivityTaskCompleted(r -> r.taskToken(a1.taskToken()));
    long a1Scheduled = scheduledEventIdOf(d, "tokens", runId, a1.activityId());
    assertThat(fault(() -> swf.respondActivityTaskCompleted(r -> r.taskToken(a1.taskToken()))))
        .containsExactly(
            "UnknownResourceFault", "Unknown activity, scheduledEventId = " + a1Scheduled);
    assertThat(fault(() -> respond(first.taskToken())))
        .containsExactly(
            "UnknownResourceFault",
            "Unknown decision task, scheduledEventId = " + first.events().get(1).eventId());

    // a decision task started now, then the run is terminated: every token names the run
    PollForDecisionTaskResponse second = decisionTask(d);
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId("tokens"));
    String named = unknownRun("tokens", runId);
    List<ThrowingCallable> calls =
        List.of(
            () -> swf.respondActivityTaskCompleted(r -> r.taskToken(a2.taskToken())),
            () -> swf.respondActivityTaskFailed(r -> r.taskToken(a2.taskToken())),
            () -> swf.respondActivityTaskCanceled(r -> r.taskToken(a2.taskToken())),
            () -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(a2.taskToken())),
            () -> swf.respondActivityTaskCompleted(r -> r.taskToken(a1.taskToken())),
            () -> respond(second.taskToken()),
            () -> respond(first.taskToken()));
    for (ThrowingCallable c : calls)
      assertThat(fault(c)).containsExactly("UnknownResourceFault", named);
  }

  static long scheduledEventIdOf(String d, String workflowId, String runId, String activityId) {
    return history(d, workflowId, runId).stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.activityTaskScheduledEventAttributes().activityId().equals(activityId))
        .findFirst()
        .orElseThrow()
        .eventId();
  }

  // ---------------------------------------------------------------- 3. Invalid token

  @Test
  void aTokenSwfdNeverIssuedIsAnInvalidToken() {
    String d = domain();
    start(d, "garbage");
    PollForDecisionTaskResponse task = decisionTask(d);
    String real = task.taskToken();
    for (String bad : List.of("not-a-correct-token", "bad-token", "....", real + "AAAA", "x")) {
      List<ThrowingCallable> calls =
          List.of(
              () -> respond(bad),
              () -> swf.respondActivityTaskCompleted(r -> r.taskToken(bad)),
              () -> swf.respondActivityTaskFailed(r -> r.taskToken(bad)),
              () -> swf.respondActivityTaskCanceled(r -> r.taskToken(bad)),
              () -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(bad)));
      for (ThrowingCallable c : calls)
        assertThat(fault(c)).as(bad).containsExactly("ValidationException", "Invalid token");
    }
    // well formed, but not a task of this server (or of the kind the operation takes): unknown
    char[] c = real.toCharArray();
    c[c.length - 3] = c[c.length - 3] == 'A' ? 'B' : 'A';
    String altered = new String(c);
    assertThat(fault(() -> respond(altered))[0]).isEqualTo("UnknownResourceFault");
    assertThat(fault(() -> swf.respondActivityTaskCompleted(r -> r.taskToken(real)))[0])
        .isEqualTo("UnknownResourceFault");
    respond(real); // the real one still works
  }

  // ---------------------------------------------------------------- 4. OPERATOR_INITIATED

  @Test
  void terminationThroughTheApiIsOperatorInitiated() {
    String d = domain();
    String runId = start(d, "term");
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId("term").reason("r"));
    HistoryEvent e = last(history(d, "term", runId));
    assertThat(e.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(e.workflowExecutionTerminatedEventAttributes().cause())
        .isEqualTo(WorkflowExecutionTerminatedCause.OPERATOR_INITIATED);

    // a child terminated by its parent's policy keeps CHILD_POLICY_APPLIED
    String parentRun = start(d, "parent");
    respond(decisionTask(d).taskToken(), startChild("child"));
    String childRun = awaitChildRun(d, "parent", parentRun);
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId("parent"));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                last(history(d, "child", childRun)).eventType()
                    == EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(
            last(history(d, "child", childRun))
                .workflowExecutionTerminatedEventAttributes()
                .cause())
        .isEqualTo(WorkflowExecutionTerminatedCause.CHILD_POLICY_APPLIED);
    assertThat(
            last(history(d, "parent", parentRun))
                .workflowExecutionTerminatedEventAttributes()
                .cause())
        .isEqualTo(WorkflowExecutionTerminatedCause.OPERATOR_INITIATED);
  }

  static String awaitChildRun(String d, String workflowId, String runId) {
    List<String> found = new ArrayList<>();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (HistoryEvent e : history(d, workflowId, runId)) {
                if (e.eventType() == EventType.CHILD_WORKFLOW_EXECUTION_STARTED) {
                  found.add(
                      e.childWorkflowExecutionStartedEventAttributes().workflowExecution().runId());
                  return true;
                }
              }
              return false;
            });
    return found.get(0);
  }

  // ---------------------------------------------------------------- 5. DeprecateDomain

  @Test
  void deprecatingADomainDeprecatesItsTypesAndUndeprecatingItDoesNotBringThemBack() {
    String d = domain();
    swf.registerActivityType(
        r -> r.domain(d).name("old").version("1").defaultTaskList(t -> t.name("work")));
    swf.deprecateActivityType(r -> r.domain(d).activityType(t -> t.name("old").version("1")));
    Instant oldDeprecated =
        swf.describeActivityType(r -> r.domain(d).activityType(t -> t.name("old").version("1")))
            .typeInfo()
            .deprecationDate();
    String other = domain();
    String runId = start(d, "running"); // runs started before go on in a deprecated domain
    PollForDecisionTaskResponse task = decisionTask(d);

    clock.advance(Duration.ofMinutes(5));
    swf.deprecateDomain(r -> r.name(d));
    Instant at = clock.instant();

    var wf =
        swf.describeWorkflowType(r -> r.domain(d).workflowType(t -> t.name("wf").version("1")));
    assertThat(wf.typeInfo().status()).isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(wf.typeInfo().deprecationDate()).isEqualTo(at);
    var act =
        swf.describeActivityType(r -> r.domain(d).activityType(t -> t.name("act").version("1")));
    assertThat(act.typeInfo().status()).isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(act.typeInfo().deprecationDate()).isEqualTo(at);
    // a type deprecated before keeps its own date
    assertThat(
            swf.describeActivityType(r -> r.domain(d).activityType(t -> t.name("old").version("1")))
                .typeInfo()
                .deprecationDate())
        .isEqualTo(oldDeprecated)
        .isNotEqualTo(at);
    assertThat(
            swf.listActivityTypes(
                    r -> r.domain(d).registrationStatus(RegistrationStatus.REGISTERED))
                .typeInfos())
        .isEmpty();
    assertThat(
            swf.listWorkflowTypes(
                    r -> r.domain(d).registrationStatus(RegistrationStatus.DEPRECATED))
                .typeInfos())
        .hasSize(1);

    // scheduling a type of the domain fails with *_TYPE_DEPRECATED
    respond(task.taskToken(), scheduleActivity("a"), startChild("kid"));
    List<HistoryEvent> h = history(d, "running", runId);
    Map<EventType, String> causes = new java.util.HashMap<>();
    for (HistoryEvent e : h) {
      if (e.eventType() == EventType.SCHEDULE_ACTIVITY_TASK_FAILED)
        causes.put(e.eventType(), e.scheduleActivityTaskFailedEventAttributes().causeAsString());
      if (e.eventType() == EventType.START_CHILD_WORKFLOW_EXECUTION_FAILED)
        causes.put(
            e.eventType(), e.startChildWorkflowExecutionFailedEventAttributes().causeAsString());
    }
    assertThat(causes)
        .containsEntry(EventType.SCHEDULE_ACTIVITY_TASK_FAILED, "ACTIVITY_TYPE_DEPRECATED")
        .containsEntry(EventType.START_CHILD_WORKFLOW_EXECUTION_FAILED, "WORKFLOW_TYPE_DEPRECATED");

    // UndeprecateDomain brings the domain back, not its types
    swf.undeprecateDomain(r -> r.name(d));
    assertThat(swf.describeDomain(r -> r.name(d)).domainInfo().status())
        .isEqualTo(RegistrationStatus.REGISTERED);
    assertThat(
            swf.describeWorkflowType(r -> r.domain(d).workflowType(t -> t.name("wf").version("1")))
                .typeInfo()
                .status())
        .isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(fault(() -> start(d, "after")))
        .containsExactly("TypeDeprecatedFault", "WorkflowType=[name=wf, version=1]");
    swf.undeprecateWorkflowType(r -> r.domain(d).workflowType(t -> t.name("wf").version("1")));
    start(d, "after");

    // another domain's types are untouched
    assertThat(
            swf.describeWorkflowType(
                    r -> r.domain(other).workflowType(t -> t.name("wf").version("1")))
                .typeInfo()
                .status())
        .isEqualTo(RegistrationStatus.REGISTERED);
  }
}
