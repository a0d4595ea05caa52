package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.complete;
import static io.swfd.support.Decisions.marker;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionTaskCompletedEventAttributes;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * RespondDecisionTaskCompleted as a whole: batch validation, executionContext, empty lists, spent
 * tokens.
 */
class DecisionBatchTest {
  private static final String NAME_RULES =
      "Member must not contain ':', '/', '|' or control characters,"
          + " must not start or end with whitespace, and must not be the literal string 'arn'";
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static Stream<Arguments> invalidBatches() {
    Decision noAttributes =
        Decision.builder().decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK).build();
    Decision noActivityType =
        Decision.builder()
            .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
            .scheduleActivityTaskDecisionAttributes(a -> a.activityId("x"))
            .build();
    Decision unknownType = Decision.builder().decisionType("ScheduleEverything").build();
    return Stream.of(
        Arguments.of(
            "the third decision has no attributes",
            List.of(schedule("a1"), marker("m", null), noAttributes),
            "1 validation error detected: Value null at 'decisions.3.member.scheduleActivityTaskDecisionAttributes'"
                + " failed to satisfy constraint: Member must not be null"),
        Arguments.of(
            "a timeout that is not a number of seconds",
            List.of(marker("m", null), schedule("a1", a -> a.startToCloseTimeout("10s"))),
            "1 validation error detected: Value '10s' at"
                + " 'decisions.2.member.scheduleActivityTaskDecisionAttributes.startToCloseTimeout'"
                + " failed to satisfy constraint: Member must be a whole number of seconds up to 31536000 or NONE"),
        Arguments.of(
            "an activityId with ':'",
            List.of(schedule("a:1"), marker("m", null)),
            "1 validation error detected: Value 'a:1' at"
                + " 'decisions.1.member.scheduleActivityTaskDecisionAttributes.activityId' failed to satisfy"
                + " constraint: "
                + NAME_RULES),
        Arguments.of(
            "a task list with '|'",
            List.of(schedule("a1"), schedule("a2", a -> a.taskList(t -> t.name("bad|list")))),
            "1 validation error detected: Value 'bad|list' at"
                + " 'decisions.2.member.scheduleActivityTaskDecisionAttributes.taskList.name' failed to satisfy"
                + " constraint: "
                + NAME_RULES),
        Arguments.of(
            "two invalid decisions",
            List.of(
                schedule("a1", a -> a.heartbeatTimeout("-1")),
                schedule("a2", a -> a.taskPriority("high"))),
            "2 validation errors detected: Value '-1' at"
                + " 'decisions.1.member.scheduleActivityTaskDecisionAttributes.heartbeatTimeout' failed to satisfy"
                + " constraint: Member must be a whole number of seconds up to 31536000 or NONE; Value 'high' at"
                + " 'decisions.2.member.scheduleActivityTaskDecisionAttributes.taskPriority' failed to satisfy"
                + " constraint: Member must be an integer between -2147483648 and 2147483647"),
        Arguments.of(
            "a required member missing inside the attributes (model)",
            List.of(schedule("a1"), noActivityType),
            "1 validation error detected: Value null at"
                + " 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityType' failed to satisfy"
                + " constraint: Member must not be null"),
        Arguments.of(
            "a closing decision that is not last",
            List.of(schedule("a1"), complete("r"), marker("m", null)),
            "Close must be last decision in list"),
        Arguments.of("an unknown decision type", List.of(schedule("a1"), unknownType), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBatches")
  void anInvalidDecisionAnywhereRejectsTheWholeBatchAndChangesNothing(
      String what, List<Decision> batch, String expected) {
    String d = h.domain("batch");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse task = h.decisionTask(d);
    List<HistoryEvent> before = h.history(d, e);
    assertThat(types(before))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);

    SwfException fault = validation(() -> h.respond(task.taskToken(), batch));
    if (expected != null) {
      assertThat(message(fault)).isEqualTo(expected);
    } else {
      assertThat(message(fault))
          .startsWith(
              "1 validation error detected: Value 'ScheduleEverything' at"
                  + " 'decisions.2.member.decisionType' failed to satisfy constraint: Member must satisfy enum value set:");
    }

    // nothing happened: same history, the task still started, no activity task anywhere
    assertThat(h.history(d, e)).isEqualTo(before);
    var detail = h.describe(d, e);
    assertThat(detail.openCounts().openDecisionTasks()).isEqualTo(1);
    assertThat(detail.openCounts().openActivityTasks()).isZero();
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(h.pendingActivities(d, "work")).isZero();

    // and the same token still completes the task with a corrected batch
    h.respond(task.taskToken(), schedule("a1"), marker("m", "ok"));
    List<HistoryEvent> after = h.history(d, e);
    assertThat(types(after))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.MARKER_RECORDED);
    DecisionTaskCompletedEventAttributes completed =
        after.get(3).decisionTaskCompletedEventAttributes();
    assertThat(completed.scheduledEventId()).isEqualTo(2);
    assertThat(completed.startedEventId()).isEqualTo(3);
    assertThat(h.pendingActivities(d, "work")).isEqualTo(1);
  }

  @Test
  void aClosingDecisionMayEndABatchOfSeveral() {
    String d = h.domain("batch");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse task = h.decisionTask(d);
    h.respond(task.taskToken(), marker("m", null), schedule("a1"), complete("done"));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(history))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.MARKER_RECORDED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.WORKFLOW_EXECUTION_COMPLETED);
    assertThat(
            history
                .get(6)
                .workflowExecutionCompletedEventAttributes()
                .decisionTaskCompletedEventId())
        .isEqualTo(4);
    // the activity scheduled just before the close never reaches a worker
    assertThat(h.pendingActivities(d, "work")).isZero();
    assertThat(h.describe(d, e).openCounts().openActivityTasks()).isZero();
  }

  @Test
  void theExecutionContextIsRecordedAndDescribed() {
    String d = h.domain("batch");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d);
    h.swf()
        .respondDecisionTaskCompleted(
            r ->
                r.taskToken(t1.taskToken())
                    .executionContext("context one")
                    .decisions(Decisions.wakeUp()));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(history.get(3).eventType()).isEqualTo(EventType.DECISION_TASK_COMPLETED);
    assertThat(history.get(3).decisionTaskCompletedEventAttributes().executionContext())
        .isEqualTo("context one");
    assertThat(h.describe(d, e).latestExecutionContext()).isEqualTo("context one");

    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    h.swf()
        .respondDecisionTaskCompleted(
            r -> r.taskToken(t2.taskToken()).executionContext("context two"));
    history = h.history(d, e);
    assertThat(
            SwfTestClient.last(history).decisionTaskCompletedEventAttributes().executionContext())
        .isEqualTo("context two");
    assertThat(h.describe(d, e).latestExecutionContext()).isEqualTo("context two");
  }

  @Test
  void anEmptyOrMissingDecisionListIsLegal() {
    String d = h.domain("batch");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d);
    h.swf().respondDecisionTaskCompleted(r -> r.taskToken(t1.taskToken()).decisions(List.of()));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(history))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED);
    assertThat(history.get(3).decisionTaskCompletedEventAttributes().executionContext()).isNull();
    var detail = h.describe(d, e);
    assertThat(detail.openCounts().openDecisionTasks()).isZero();
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(h.pendingDecisions(d, "dec")).isZero();

    String d2 = h.domain("batch");
    WorkflowExecution e2 = h.startOnDefaultList(d2, "w");
    PollForDecisionTaskResponse t2 = h.decisionTask(d2);
    h.swf().respondDecisionTaskCompleted(r -> r.taskToken(t2.taskToken()));
    assertThat(types(h.history(d2, e2)))
        .endsWith(EventType.DECISION_TASK_STARTED, EventType.DECISION_TASK_COMPLETED);
  }

  @Test
  void aUsedTokenIsAnUnknownResource() {
    String d = h.domain("batch");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d);
    h.respond(t1.taskToken(), Decisions.wakeUp());
    List<HistoryEvent> before = h.history(d, e);

    UnknownResourceException again =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () -> h.respond(t1.taskToken(), marker("m", null)));
    assertThat(message(again)).isEqualTo("Unknown decision task, scheduledEventId = 2");
    assertThat(h.history(d, e)).isEqualTo(before);

    // the next task has its own token; the old one stays spent
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    assertThat(t2.taskToken()).isNotEqualTo(t1.taskToken());
    fault(UnknownResourceException.class, "UnknownResourceFault", () -> h.respond(t1.taskToken()));
    h.respond(t2.taskToken(), complete("done"));
    UnknownResourceException closed =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () -> h.respond(t2.taskToken()));
    // the run has closed: SWF names the run
    assertThat(message(closed))
        .isEqualTo(
            "Unknown execution: WorkflowExecution=[workflowId="
                + e.workflowId()
                + ", runId="
                + e.runId()
                + "]");
  }

  @Test
  void ofConcurrentAnswersWithOneTokenExactlyOneIsApplied() throws Exception {
    String d = h.domain("batch");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse task = h.decisionTask(d);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(6);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        String name = "answer-" + i;
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    h.respond(task.taskToken(), marker(name, null));
                    return true;
                  } catch (UnknownResourceException spent) {
                    return false;
                  }
                }));
      }
      go.countDown();
      int applied = 0;
      for (var a : answers) if (a.get(30, java.util.concurrent.TimeUnit.SECONDS)) applied++;
      assertThat(applied).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(types(h.history(d, e)))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.MARKER_RECORDED);
  }

  @Test
  void aForgedTokenIsAnUnknownResource() {
    String d = h.domain("batch");
    h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 = h.decisionTask(d);
    String token = t1.taskToken();
    String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    fault(UnknownResourceException.class, "UnknownResourceFault", () -> h.respond(forged));
    assertThat(message(validation(() -> h.respond("not-a-token")))).isEqualTo("Invalid token");
    h.respond(token);
  }
}
