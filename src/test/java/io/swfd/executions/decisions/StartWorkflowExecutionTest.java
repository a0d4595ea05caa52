package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.complete;
import static io.swfd.support.SwfTestClient.V;
import static io.swfd.support.SwfTestClient.WF;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static io.swfd.support.SwfTestClient.unique;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.DefaultUndefinedException;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.DomainDeprecatedException;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.TypeDeprecatedException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionConfiguration;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionStartedEventAttributes;

/** StartWorkflowExecution: the effective configuration, the first two events, and every fault. */
class StartWorkflowExecutionTest {
  private static final String ROLE_DEFAULT = "arn:aws:iam::123456789012:role/default-role";
  private static final String ROLE_GIVEN = "arn:aws:iam::123456789012:role/given-role";
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  /**
   * A domain with workflow type "full"/1 that registers every default, and "bare"/1 that registers
   * none.
   */
  private static String domain() {
    String d = unique("start");
    h.swf().registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays("1"));
    h.swf()
        .registerWorkflowType(
            r ->
                r.domain(d)
                    .name("full")
                    .version("1")
                    .defaultTaskList(t -> t.name("default-list"))
                    .defaultExecutionStartToCloseTimeout("7200")
                    .defaultTaskStartToCloseTimeout("45")
                    .defaultChildPolicy(ChildPolicy.REQUEST_CANCEL)
                    .defaultTaskPriority("3")
                    .defaultLambdaRole(ROLE_DEFAULT));
    h.swf().registerWorkflowType(r -> r.domain(d).name("bare").version("1"));
    return d;
  }

  private static WorkflowExecution execution(String workflowId, String runId) {
    return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
  }

  @Test
  void theTypeDefaultsFillEverythingTheRequestLeavesOut() {
    String d = domain();
    String runId =
        h.swf()
            .startWorkflowExecution(
                r -> r.domain(d).workflowId("w").workflowType(t -> t.name("full").version("1")))
            .runId();
    WorkflowExecution e = execution("w", runId);

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(history))
        .containsExactly(EventType.WORKFLOW_EXECUTION_STARTED, EventType.DECISION_TASK_SCHEDULED);
    assertThat(history).extracting(HistoryEvent::eventId).containsExactly(1L, 2L);
    WorkflowExecutionStartedEventAttributes started =
        history.get(0).workflowExecutionStartedEventAttributes();
    assertThat(started.taskList().name()).isEqualTo("default-list");
    assertThat(started.executionStartToCloseTimeout()).isEqualTo("7200");
    assertThat(started.taskStartToCloseTimeout()).isEqualTo("45");
    assertThat(started.childPolicy()).isEqualTo(ChildPolicy.REQUEST_CANCEL);
    assertThat(started.taskPriority()).isEqualTo("3");
    assertThat(started.lambdaRole()).isEqualTo(ROLE_DEFAULT);
    assertThat(started.workflowType().name()).isEqualTo("full");
    assertThat(started.workflowType().version()).isEqualTo("1");
    assertThat(started.input()).isNull();
    assertThat(started.hasTagList()).isFalse();
    assertThat(started.parentInitiatedEventId()).isZero();
    assertThat(started.parentWorkflowExecution()).isNull();
    assertThat(started.continuedExecutionRunId()).isNull();

    var scheduled = history.get(1).decisionTaskScheduledEventAttributes();
    assertThat(scheduled.taskList().name()).isEqualTo("default-list");
    assertThat(scheduled.taskPriority()).isEqualTo("3");
    assertThat(scheduled.startToCloseTimeout()).isEqualTo("45");

    DescribeWorkflowExecutionResponse detail = h.describe(d, e);
    WorkflowExecutionConfiguration config = detail.executionConfiguration();
    assertThat(config.taskList().name()).isEqualTo("default-list");
    assertThat(config.executionStartToCloseTimeout()).isEqualTo("7200");
    assertThat(config.taskStartToCloseTimeout()).isEqualTo("45");
    assertThat(config.childPolicy()).isEqualTo(ChildPolicy.REQUEST_CANCEL);
    assertThat(config.taskPriority()).isEqualTo("3");
    assertThat(config.lambdaRole()).isEqualTo(ROLE_DEFAULT);
    assertThat(detail.executionInfo().execution()).isEqualTo(e);
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(detail.executionInfo().startTimestamp()).isEqualTo(history.get(0).eventTimestamp());
    assertThat(detail.executionInfo().closeStatus()).isNull();
    assertThat(detail.executionInfo().cancelRequested()).isFalse();
    assertThat(detail.openCounts().openDecisionTasks()).isEqualTo(1);
    assertThat(detail.openCounts().openActivityTasks()).isZero();
    assertThat(detail.latestExecutionContext()).isNull();
    assertThat(detail.latestActivityTaskTimestamp()).isNull();
    assertThat(h.pendingDecisions(d, "default-list")).isEqualTo(1);
  }

  @Test
  void valuesInTheRequestWinOverTheTypeDefaults() {
    String d = domain();
    List<String> tags = List.of("t1", "t2", "t3", "t4", "t5");
    String runId =
        h.swf()
            .startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId("w")
                        .workflowType(t -> t.name("full").version("1"))
                        .taskList(t -> t.name("given-list"))
                        .executionStartToCloseTimeout("600")
                        .taskStartToCloseTimeout("NONE")
                        .childPolicy(ChildPolicy.ABANDON)
                        .taskPriority("-7")
                        .lambdaRole(ROLE_GIVEN)
                        .input("the input")
                        .tagList(tags))
            .runId();
    WorkflowExecution e = execution("w", runId);

    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(history))
        .containsExactly(EventType.WORKFLOW_EXECUTION_STARTED, EventType.DECISION_TASK_SCHEDULED);
    WorkflowExecutionStartedEventAttributes started =
        history.get(0).workflowExecutionStartedEventAttributes();
    assertThat(started.taskList().name()).isEqualTo("given-list");
    assertThat(started.executionStartToCloseTimeout()).isEqualTo("600");
    assertThat(started.taskStartToCloseTimeout()).isEqualTo("NONE");
    assertThat(started.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(started.taskPriority()).isEqualTo("-7");
    assertThat(started.lambdaRole()).isEqualTo(ROLE_GIVEN);
    assertThat(started.input()).isEqualTo("the input");
    assertThat(started.tagList()).containsExactlyElementsOf(tags);
    var scheduled = history.get(1).decisionTaskScheduledEventAttributes();
    assertThat(scheduled.taskList().name()).isEqualTo("given-list");
    assertThat(scheduled.taskPriority()).isEqualTo("-7");
    assertThat(scheduled.startToCloseTimeout()).isEqualTo("NONE");

    DescribeWorkflowExecutionResponse detail = h.describe(d, e);
    WorkflowExecutionConfiguration config = detail.executionConfiguration();
    assertThat(config.taskList().name()).isEqualTo("given-list");
    assertThat(config.executionStartToCloseTimeout()).isEqualTo("600");
    assertThat(config.taskStartToCloseTimeout()).isEqualTo("NONE");
    assertThat(config.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(config.taskPriority()).isEqualTo("-7");
    assertThat(config.lambdaRole()).isEqualTo(ROLE_GIVEN);
    assertThat(detail.executionInfo().tagList()).containsExactlyElementsOf(tags);
    assertThat(h.pendingDecisions(d, "given-list")).isEqualTo(1);
    assertThat(h.pendingDecisions(d, "default-list")).isZero();
  }

  @Test
  void withoutAGivenOrRegisteredPriorityThePriorityIsZeroAndThereIsNoLambdaRole() {
    String d = domain();
    String runId =
        h.swf()
            .startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId("w")
                        .workflowType(t -> t.name("bare").version("1"))
                        .taskList(t -> t.name("l"))
                        .executionStartToCloseTimeout("60")
                        .taskStartToCloseTimeout("10")
                        .childPolicy(ChildPolicy.TERMINATE))
            .runId();
    WorkflowExecution e = execution("w", runId);
    WorkflowExecutionStartedEventAttributes started =
        h.history(d, e).get(0).workflowExecutionStartedEventAttributes();
    assertThat(started.taskPriority()).isEqualTo("0");
    assertThat(started.lambdaRole()).isNull();
    WorkflowExecutionConfiguration config = h.describe(d, e).executionConfiguration();
    assertThat(config.taskPriority()).isEqualTo("0");
    assertThat(config.lambdaRole()).isNull();
    assertThat(config.childPolicy()).isEqualTo(ChildPolicy.TERMINATE);
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "taskList, task list",
    "executionStartToCloseTimeout, execution start to close timeout",
    "taskStartToCloseTimeout, task start to close timeout",
    "childPolicy, child policy"
  })
  void withNeitherAGivenNorARegisteredValueTheStartFailsWithDefaultUndefined(
      String missing, String words) {
    String d = domain();
    StartWorkflowExecutionRequest.Builder b =
        StartWorkflowExecutionRequest.builder()
            .domain(d)
            .workflowId("w")
            .workflowType(t -> t.name("bare").version("1"));
    if (!missing.equals("taskList")) b.taskList(t -> t.name("l"));
    if (!missing.equals("executionStartToCloseTimeout")) b.executionStartToCloseTimeout("60");
    if (!missing.equals("taskStartToCloseTimeout")) b.taskStartToCloseTimeout("10");
    if (!missing.equals("childPolicy")) b.childPolicy(ChildPolicy.TERMINATE);
    StartWorkflowExecutionRequest request = b.build();

    DefaultUndefinedException e =
        fault(
            DefaultUndefinedException.class,
            "DefaultUndefinedFault",
            () -> h.swf().startWorkflowExecution(request));
    assertThat(message(e))
        .isEqualTo(
            "No default " + words + " was registered with the workflow type and none was given");

    // nothing was started: the workflowId is still free and nothing waits on the list
    assertThat(h.pendingDecisions(d, "l")).isZero();
    h.swf()
        .startWorkflowExecution(
            r ->
                r.domain(d)
                    .workflowId("w")
                    .workflowType(t -> t.name("bare").version("1"))
                    .taskList(t -> t.name("l"))
                    .executionStartToCloseTimeout("60")
                    .taskStartToCloseTimeout("10")
                    .childPolicy(ChildPolicy.TERMINATE));
  }

  @Test
  void withNothingGivenOrRegisteredTheStartFailsWithDefaultUndefined() {
    String d = domain();
    fault(
        DefaultUndefinedException.class,
        "DefaultUndefinedFault",
        () ->
            h.swf()
                .startWorkflowExecution(
                    r ->
                        r.domain(d)
                            .workflowId("w")
                            .workflowType(t -> t.name("bare").version("1"))));
  }

  @Test
  void anOpenWorkflowIdCannotBeStartedAgainButAClosedOneCanBeReused() {
    String d = domain();
    String first =
        h.swf()
            .startWorkflowExecution(
                r -> r.domain(d).workflowId("w").workflowType(t -> t.name("full").version("1")))
            .runId();

    fault(
        WorkflowExecutionAlreadyStartedException.class,
        "WorkflowExecutionAlreadyStartedFault",
        () ->
            h.swf()
                .startWorkflowExecution(
                    r ->
                        r.domain(d)
                            .workflowId("w")
                            .workflowType(t -> t.name("full").version("1"))));
    // also with a different type, and with a configuration that would otherwise be complete
    fault(
        WorkflowExecutionAlreadyStartedException.class,
        "WorkflowExecutionAlreadyStartedFault",
        () ->
            h.swf()
                .startWorkflowExecution(
                    r ->
                        r.domain(d)
                            .workflowId("w")
                            .workflowType(t -> t.name("bare").version("1"))
                            .taskList(t -> t.name("l"))
                            .executionStartToCloseTimeout("60")
                            .taskStartToCloseTimeout("10")
                            .childPolicy(ChildPolicy.TERMINATE)));
    assertThat(h.history(d, execution("w", first))).hasSize(2);

    // the same workflowId in another domain is another workflow
    String other = domain();
    h.swf()
        .startWorkflowExecution(
            r -> r.domain(other).workflowId("w").workflowType(t -> t.name("full").version("1")));

    // close the first run; then the workflowId is free again and gets a new run
    var task = h.decisionTask(d, "default-list");
    h.respond(task.taskToken(), complete("done"));
    String second =
        h.swf()
            .startWorkflowExecution(
                r -> r.domain(d).workflowId("w").workflowType(t -> t.name("full").version("1")))
            .runId();
    assertThat(second).isNotEqualTo(first);
    assertThat(h.describe(d, execution("w", first)).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.CLOSED);
    assertThat(h.describe(d, execution("w", second)).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    assertThat(types(h.history(d, execution("w", second))))
        .containsExactly(EventType.WORKFLOW_EXECUTION_STARTED, EventType.DECISION_TASK_SCHEDULED);
  }

  @Test
  void ofConcurrentStartsOfOneWorkflowIdExactlyOneWins() throws Exception {
    String d = domain();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<String>> attempts = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        attempts.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return h.swf()
                        .startWorkflowExecution(
                            r ->
                                r.domain(d)
                                    .workflowId("race")
                                    .workflowType(t -> t.name("full").version("1")))
                        .runId();
                  } catch (WorkflowExecutionAlreadyStartedException lost) {
                    return null;
                  }
                }));
      }
      go.countDown();
      List<String> winners = new java.util.ArrayList<>();
      for (var a : attempts) {
        String runId = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
        if (runId != null) winners.add(runId);
      }
      assertThat(winners).hasSize(1);
      assertThat(h.pendingDecisions(d, "default-list")).isEqualTo(1);
      assertThat(h.describe(d, execution("race", winners.get(0))).executionInfo().executionStatus())
          .isEqualTo(ExecutionStatus.OPEN);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDeprecatedTypeCannotBeStarted() {
    String d = domain();
    h.swf().deprecateWorkflowType(r -> r.domain(d).workflowType(t -> t.name("full").version("1")));
    TypeDeprecatedException e =
        fault(
            TypeDeprecatedException.class,
            "TypeDeprecatedFault",
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))));
    assertThat(message(e)).isEqualTo("WorkflowType=[name=full, version=1]");
    assertThat(h.pendingDecisions(d, "default-list")).isZero();
  }

  @Test
  void aDeprecatedDomainCannotStartWorkflows() {
    String d = domain();
    h.swf().deprecateDomain(r -> r.name(d));
    DomainDeprecatedException e =
        fault(
            DomainDeprecatedException.class,
            "DomainDeprecatedFault",
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))));
    assertThat(message(e)).isEqualTo(d);
  }

  @Test
  void anUnknownDomainOrTypeIsAnUnknownResource() {
    String d = domain();
    UnknownResourceException noDomain =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain("no-such-domain")
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))));
    assertThat(message(noDomain)).isEqualTo("Unknown domain: no-such-domain");

    UnknownResourceException noType =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("nope").version("1"))));
    assertThat(message(noType)).isEqualTo("Unknown type: WorkflowType=[name=nope, version=1]");

    UnknownResourceException noVersion =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("2"))));
    assertThat(message(noVersion)).isEqualTo("Unknown type: WorkflowType=[name=full, version=2]");
  }

  @Test
  void sixTagsAreOneTooMany() {
    String d = domain();
    SwfException e =
        validation(
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))
                                .tagList("a", "b", "c", "d", "e", "f")));
    assertThat(message(e))
        .isEqualTo(
            "1 validation error detected: Value '[a, b, c, d, e, f]' at 'tagList' failed to satisfy"
                + " constraint: Member must have length less than or equal to 5");
    assertThat(h.pendingDecisions(d, "default-list")).isZero();
  }

  @Test
  void malformedValuesAreRejectedBeforeAnythingStarts() {
    String d = domain();
    SwfException priority =
        validation(
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))
                                .taskPriority("urgent")));
    assertThat(message(priority))
        .isEqualTo(
            "1 validation error detected: Value 'urgent' at 'taskPriority' failed to satisfy"
                + " constraint: Member must be an integer between -2147483648 and 2147483647");
    SwfException none =
        validation(
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))
                                .executionStartToCloseTimeout("NONE")));
    assertThat(message(none))
        .startsWith("1 validation error detected: Value 'NONE' at 'executionStartToCloseTimeout'");
    SwfException tooLong =
        validation(
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))
                                .executionStartToCloseTimeout("31536001")));
    assertThat(message(tooLong))
        .startsWith(
            "1 validation error detected: Value '31536001' at 'executionStartToCloseTimeout'");
    SwfException badId =
        validation(
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("a/b")
                                .workflowType(t -> t.name("full").version("1"))));
    assertThat(message(badId))
        .startsWith("1 validation error detected: Value 'a/b' at 'workflowId'");
    SwfException badList =
        validation(
            () ->
                h.swf()
                    .startWorkflowExecution(
                        r ->
                            r.domain(d)
                                .workflowId("w")
                                .workflowType(t -> t.name("full").version("1"))
                                .taskList(t -> t.name("x|y"))));
    assertThat(message(badList))
        .startsWith("1 validation error detected: Value 'x|y' at 'taskList.name'");
    assertThat(h.pendingDecisions(d, "default-list")).isZero();
  }

  @Test
  void aPriorityWithSignOrSpacesThatPassesValidationStartsTheRun() {
    // swfd accepts " 5" and "+5" as priorities (Durations.checkPriority); such a start must then
    // work, not fail inside
    String d = domain();
    String plus =
        h.swf()
            .startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId("plus")
                        .workflowType(t -> t.name("full").version("1"))
                        .taskList(t -> t.name("p"))
                        .taskPriority("+5"))
            .runId();
    String spaced =
        h.swf()
            .startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId("spaced")
                        .workflowType(t -> t.name("full").version("1"))
                        .taskList(t -> t.name("p"))
                        .taskPriority(" 9 "))
            .runId();
    h.swf()
        .startWorkflowExecution(
            r ->
                r.domain(d)
                    .workflowId("plain")
                    .workflowType(t -> t.name("full").version("1"))
                    .taskList(t -> t.name("p"))
                    .taskPriority("7"));
    assertThat(h.pendingDecisions(d, "p")).isEqualTo(3);
    assertThat(h.decisionTask(d, "p").workflowExecution().runId()).isEqualTo(spaced);
    assertThat(h.decisionTask(d, "p").workflowExecution().workflowId()).isEqualTo("plain");
    assertThat(h.decisionTask(d, "p").workflowExecution().runId()).isEqualTo(plus);
  }

  @Test
  void everyStartGetsAFreshRunId() {
    String d = domain();
    Set<String> runIds = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      String id = "w" + i;
      String runId =
          h.swf()
              .startWorkflowExecution(
                  r -> r.domain(d).workflowId(id).workflowType(t -> t.name("full").version("1")))
              .runId();
      assertThat(runId).isNotBlank().hasSizeLessThanOrEqualTo(64);
      runIds.add(runId);
    }
    assertThat(runIds).hasSize(10);
  }

  @Test
  void theStartedEventRecordsTheTypeOfTheRun() {
    String d = unique("start");
    h.swf().registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays("1"));
    h.swf()
        .registerWorkflowType(
            r ->
                r.domain(d)
                    .name(WF)
                    .version(V)
                    .defaultTaskList(t -> t.name("dec"))
                    .defaultExecutionStartToCloseTimeout("3600")
                    .defaultTaskStartToCloseTimeout("300")
                    .defaultChildPolicy("TERMINATE"));
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    var task = h.decisionTask(d);
    assertThat(task.workflowExecution()).isEqualTo(e);
    assertThat(task.workflowType().name()).isEqualTo(WF);
    assertThat(task.workflowType().version()).isEqualTo(V);
    assertThat(task.events().get(0).workflowExecutionStartedEventAttributes().workflowType())
        .isEqualTo(task.workflowType());
  }
}
