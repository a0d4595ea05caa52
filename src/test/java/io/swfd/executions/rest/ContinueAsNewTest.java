package io.swfd.executions.rest;

import static io.swfd.support.Decisions.continueAsNew;
import static io.swfd.support.Decisions.startChild;
import static io.swfd.support.SwfTestClient.event;
import static io.swfd.support.SwfTestClient.exec;
import static io.swfd.support.SwfTestClient.last;
import static io.swfd.support.SwfTestClient.types;
import static io.swfd.support.SwfTestClient.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.swf.model.EventType.CHILD_WORKFLOW_EXECUTION_COMPLETED;
import static software.amazon.awssdk.services.swf.model.EventType.CHILD_WORKFLOW_EXECUTION_STARTED;
import static software.amazon.awssdk.services.swf.model.EventType.CONTINUE_AS_NEW_WORKFLOW_EXECUTION_FAILED;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_COMPLETED;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_SCHEDULED;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_STARTED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_SIGNALED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_STARTED;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.ContinueAsNewWorkflowExecutionFailedCause;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionContinuedAsNewEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionStartedEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * ContinueAsNewWorkflowExecution: the closed run, its successor, version switching and every
 * failure cause.
 */
class ContinueAsNewTest {
  private static SwfTestClient kit;
  private static SwfClient swf;

  @BeforeAll
  static void up() {
    kit = SwfTestClient.system();
    swf = kit.swf();
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  @Test
  void runContinuesAsANewRunWithAFreshHistory() {
    String d = kit.domain("can");
    WorkflowExecution first = kit.start(d, unique("w"), r -> r.input("first").tagList("old-tag"));
    String nextList = unique("next-list");
    kit.decide(
        d,
        first,
        continueAsNew(
            a ->
                a.input("second")
                    .tagList("a", "b")
                    .taskList(t -> t.name(nextList))
                    .executionStartToCloseTimeout("1000")
                    .taskStartToCloseTimeout("20")
                    .childPolicy(ChildPolicy.ABANDON)
                    .taskPriority("3")
                    .lambdaRole("arn:aws:iam::123456789012:role/r")));

    List<HistoryEvent> old = kit.history(d, first);
    HistoryEvent closing = last(old);
    assertThat(closing.eventType()).isEqualTo(WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    WorkflowExecutionContinuedAsNewEventAttributes c =
        closing.workflowExecutionContinuedAsNewEventAttributes();
    assertThat(c.input()).isEqualTo("second");
    assertThat(c.tagList()).containsExactly("a", "b");
    assertThat(c.taskList().name()).isEqualTo(nextList);
    assertThat(c.executionStartToCloseTimeout()).isEqualTo("1000");
    assertThat(c.taskStartToCloseTimeout()).isEqualTo("20");
    assertThat(c.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(c.taskPriority()).isEqualTo("3");
    assertThat(c.lambdaRole()).isEqualTo("arn:aws:iam::123456789012:role/r");
    assertThat(c.workflowType())
        .isEqualTo(WorkflowType.builder().name(SwfTestClient.WF).version(SwfTestClient.V).build());
    assertThat(event(old, c.decisionTaskCompletedEventId()).eventType())
        .isEqualTo(DECISION_TASK_COMPLETED);
    assertThat(c.newExecutionRunId()).hasSize(44).isNotEqualTo(first.runId());

    var oldInfo = kit.describe(d, first).executionInfo();
    assertThat(oldInfo.executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
    assertThat(oldInfo.closeStatus()).isEqualTo(CloseStatus.CONTINUED_AS_NEW);

    WorkflowExecution next = exec(first.workflowId(), c.newExecutionRunId());
    assertThat(kit.openRun(d, first.workflowId())).isEqualTo(next);
    List<HistoryEvent> h = kit.history(d, next);
    assertThat(h).extracting(HistoryEvent::eventId).containsExactly(1L, 2L);
    assertThat(types(h)).containsExactly(WORKFLOW_EXECUTION_STARTED, DECISION_TASK_SCHEDULED);
    WorkflowExecutionStartedEventAttributes s = h.get(0).workflowExecutionStartedEventAttributes();
    assertThat(s.continuedExecutionRunId()).isEqualTo(first.runId());
    assertThat(s.input()).isEqualTo("second");
    assertThat(s.tagList()).containsExactly("a", "b");
    assertThat(s.taskList().name()).isEqualTo(nextList);
    assertThat(s.executionStartToCloseTimeout()).isEqualTo("1000");
    assertThat(s.taskStartToCloseTimeout()).isEqualTo("20");
    assertThat(s.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(s.taskPriority()).isEqualTo("3");
    assertThat(s.parentWorkflowExecution()).isNull();
    assertThat(h.get(0).eventTimestamp()).isEqualTo(closing.eventTimestamp());
    assertThat(h.get(1).decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo(nextList);
    var detail = kit.describe(d, next);
    assertThat(detail.executionInfo().executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(detail.executionInfo().tagList()).containsExactly("a", "b");
    assertThat(detail.executionConfiguration().taskList().name()).isEqualTo(nextList);
    assertThat(detail.executionConfiguration().childPolicy()).isEqualTo(ChildPolicy.ABANDON);

    // the new run's first decision task: a fresh start, nothing of the old history
    PollForDecisionTaskResponse task = kit.decisionTask(d, nextList);
    assertThat(task.workflowExecution()).isEqualTo(next);
    assertThat(task.previousStartedEventId()).isZero();
    assertThat(task.startedEventId()).isEqualTo(3);
    assertThat(types(task.events()))
        .containsExactly(
            WORKFLOW_EXECUTION_STARTED, DECISION_TASK_SCHEDULED, DECISION_TASK_STARTED);
    // calls without a runId reach the new run
    kit.respond(task);
    swf.signalWorkflowExecution(r -> r.domain(d).workflowId(first.workflowId()).signalName("s"));
    assertThat(types(kit.history(d, next))).contains(WORKFLOW_EXECUTION_SIGNALED);
    assertThat(kit.history(d, first)).hasSize(old.size());
  }

  @Test
  void unsetValuesComeFromTheTypeAndVersionCanSwitch() {
    String d = kit.domain("can");
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(SwfTestClient.WF)
                .version("2")
                .defaultTaskList(t -> t.name("v2-list"))
                .defaultExecutionStartToCloseTimeout("7200")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("ABANDON")
                .defaultTaskPriority("9"));
    WorkflowExecution first = kit.start(d, unique("w"), r -> r.tagList("x").input("in"));
    kit.decide(d, first, continueAsNew(a -> a.workflowTypeVersion("2")));

    var c = last(kit.history(d, first)).workflowExecutionContinuedAsNewEventAttributes();
    assertThat(c.workflowType())
        .isEqualTo(WorkflowType.builder().name(SwfTestClient.WF).version("2").build());
    assertThat(c.taskList().name()).isEqualTo("v2-list");
    assertThat(c.executionStartToCloseTimeout()).isEqualTo("7200");
    assertThat(c.taskStartToCloseTimeout()).isEqualTo("NONE");
    assertThat(c.childPolicy()).isEqualTo(ChildPolicy.ABANDON);
    assertThat(c.taskPriority()).isEqualTo("9");
    assertThat(c.input()).isNull();
    assertThat(c.tagList()).isEmpty();

    WorkflowExecution next = exec(first.workflowId(), c.newExecutionRunId());
    var detail = kit.describe(d, next);
    assertThat(detail.executionInfo().workflowType().version()).isEqualTo("2");
    assertThat(detail.executionConfiguration().taskList().name()).isEqualTo("v2-list");
    assertThat(detail.executionConfiguration().executionStartToCloseTimeout()).isEqualTo("7200");
    PollForDecisionTaskResponse task = kit.decisionTask(d, "v2-list");
    assertThat(task.workflowType().version()).isEqualTo("2");
    assertThat(task.workflowExecution()).isEqualTo(next);

    // and back to version 1 (the same version when none is given)
    kit.respond(task, continueAsNew(a -> a.workflowTypeVersion("1")));
    WorkflowExecution third = kit.openRun(d, first.workflowId());
    assertThat(kit.describe(d, third).executionInfo().workflowType().version()).isEqualTo("1");
    assertThat(kit.describe(d, third).executionConfiguration().taskList().name())
        .isEqualTo(SwfTestClient.DEFAULT_LIST);
    kit.respond(kit.decisionTask(d, SwfTestClient.DEFAULT_LIST), continueAsNew(a -> {}));
    WorkflowExecution fourth = kit.openRun(d, first.workflowId());
    assertThat(kit.describe(d, fourth).executionInfo().workflowType().version()).isEqualTo("1");
    assertThat(
            kit.history(d, fourth)
                .get(0)
                .workflowExecutionStartedEventAttributes()
                .continuedExecutionRunId())
        .isEqualTo(third.runId());
    // every run of the chain is listed, one open
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .startTimeFilter(t -> t.oldestDate(Instant.EPOCH))
                            .executionFilter(f -> f.workflowId(first.workflowId())))
                .count())
        .isEqualTo(3);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .closeTimeFilter(t -> t.oldestDate(Instant.EPOCH))
                            .closeStatusFilter(f -> f.status(CloseStatus.CONTINUED_AS_NEW)))
                .count())
        .isEqualTo(3);
  }

  @Test
  void unhandledEventsRefuseTheContinue() {
    String d = kit.domain("can");
    WorkflowExecution e = kit.start(d, unique("w"));
    PollForDecisionTaskResponse task = kit.decisionTask(d, e);
    swf.signalWorkflowExecution(r -> r.domain(d).workflowId(e.workflowId()).signalName("late"));
    kit.respond(task, continueAsNew(a -> a.input("x")));
    List<HistoryEvent> h = kit.history(d, e);
    int n = h.size();
    assertThat(types(h).subList(n - 3, n))
        .containsExactly(
            DECISION_TASK_COMPLETED,
            CONTINUE_AS_NEW_WORKFLOW_EXECUTION_FAILED,
            DECISION_TASK_SCHEDULED);
    var f = h.get(n - 2).continueAsNewWorkflowExecutionFailedEventAttributes();
    assertThat(f.cause()).isEqualTo(ContinueAsNewWorkflowExecutionFailedCause.UNHANDLED_DECISION);
    assertThat(f.decisionTaskCompletedEventId()).isEqualTo(h.get(n - 3).eventId());
    assertThat(kit.describe(d, e).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r -> r.domain(d).startTimeFilter(t -> t.oldestDate(Instant.EPOCH)))
                .count())
        .isEqualTo(1);
    // having seen the signal, the decider may continue
    kit.decide(d, e, continueAsNew(a -> a.input("x")));
    assertThat(kit.describe(d, e).executionInfo().closeStatus())
        .isEqualTo(CloseStatus.CONTINUED_AS_NEW);
  }

  @Test
  void typeProblemsAndMissingDefaultsFailTheDecision() {
    String d = kit.domain("can");
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(SwfTestClient.BARE)
                .version("dep")
                .defaultTaskList(t -> t.name("l"))
                .defaultExecutionStartToCloseTimeout("60")
                .defaultTaskStartToCloseTimeout("10")
                .defaultChildPolicy("TERMINATE"));
    swf.deprecateWorkflowType(
        r -> r.domain(d).workflowType(t -> t.name(SwfTestClient.BARE).version("dep")));
    String id = unique("w");
    // a run of the type with no defaults, every value given at start
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(d)
                        .workflowId(id)
                        .workflowType(t -> t.name(SwfTestClient.BARE).version(SwfTestClient.V))
                        .taskList(t -> t.name(id))
                        .executionStartToCloseTimeout("600")
                        .taskStartToCloseTimeout("60")
                        .childPolicy(ChildPolicy.TERMINATE))
            .runId();
    WorkflowExecution e = exec(id, runId);

    List<ContinueAsNewWorkflowExecutionFailedCause> causes =
        List.of(
            attempt(d, e, continueAsNew(a -> a.workflowTypeVersion("99"))),
            attempt(d, e, continueAsNew(a -> a.workflowTypeVersion("dep"))),
            attempt(d, e, continueAsNew(a -> {})),
            attempt(d, e, continueAsNew(a -> a.executionStartToCloseTimeout("600"))),
            attempt(
                d,
                e,
                continueAsNew(
                    a -> a.executionStartToCloseTimeout("600").taskList(t -> t.name(id)))),
            attempt(
                d,
                e,
                continueAsNew(
                    a ->
                        a.executionStartToCloseTimeout("600")
                            .taskList(t -> t.name(id))
                            .taskStartToCloseTimeout("60"))));
    assertThat(causes)
        .containsExactly(
            ContinueAsNewWorkflowExecutionFailedCause.WORKFLOW_TYPE_DOES_NOT_EXIST,
            ContinueAsNewWorkflowExecutionFailedCause.WORKFLOW_TYPE_DEPRECATED,
            ContinueAsNewWorkflowExecutionFailedCause
                .DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED,
            ContinueAsNewWorkflowExecutionFailedCause.DEFAULT_TASK_LIST_UNDEFINED,
            ContinueAsNewWorkflowExecutionFailedCause.DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED,
            ContinueAsNewWorkflowExecutionFailedCause.DEFAULT_CHILD_POLICY_UNDEFINED);
    // with everything given it goes through
    kit.decide(
        d,
        e,
        continueAsNew(
            a ->
                a.executionStartToCloseTimeout("600")
                    .taskList(t -> t.name(id))
                    .taskStartToCloseTimeout("60")
                    .childPolicy(ChildPolicy.TERMINATE)));
    assertThat(kit.describe(d, e).executionInfo().closeStatus())
        .isEqualTo(CloseStatus.CONTINUED_AS_NEW);
    assertThat(kit.openRun(d, id).runId()).isNotEqualTo(runId);
  }

  /** Answers the run's decision task with one ContinueAsNew that must fail; returns its cause. */
  private ContinueAsNewWorkflowExecutionFailedCause attempt(
      String d, WorkflowExecution e, software.amazon.awssdk.services.swf.model.Decision decision) {
    kit.decide(d, e, decision);
    List<HistoryEvent> h = kit.history(d, e);
    int n = h.size();
    assertThat(types(h).subList(n - 3, n))
        .containsExactly(
            DECISION_TASK_COMPLETED,
            CONTINUE_AS_NEW_WORKFLOW_EXECUTION_FAILED,
            DECISION_TASK_SCHEDULED);
    var f = h.get(n - 2).continueAsNewWorkflowExecutionFailedEventAttributes();
    assertThat(f.decisionTaskCompletedEventId()).isEqualTo(h.get(n - 3).eventId());
    assertThat(kit.describe(d, e).executionInfo().executionStatus())
        .isEqualTo(ExecutionStatus.OPEN);
    return f.cause();
  }

  @Test
  void childThatContinuesAsNewKeepsItsParentWhoHearsWhenTheLastRunCloses() {
    String d = kit.domain("can");
    WorkflowExecution parent = kit.start(d, unique("parent"));
    String childId = unique("child");
    kit.decide(d, parent, startChild(childId));
    HistoryEvent started = kit.await(d, parent, CHILD_WORKFLOW_EXECUTION_STARTED);
    long initiatedId = started.childWorkflowExecutionStartedEventAttributes().initiatedEventId();
    WorkflowExecution child1 =
        started.childWorkflowExecutionStartedEventAttributes().workflowExecution();
    kit.decide(d, parent);
    int parentEvents = kit.history(d, parent).size();

    kit.decide(d, child1, continueAsNew(a -> a.input("round 2").taskList(t -> t.name(childId))));
    WorkflowExecution child2 = kit.openRun(d, childId);
    assertThat(child2.runId()).isNotEqualTo(child1.runId());
    WorkflowExecutionStartedEventAttributes s =
        kit.history(d, child2).get(0).workflowExecutionStartedEventAttributes();
    assertThat(s.parentWorkflowExecution()).isEqualTo(parent);
    assertThat(s.parentInitiatedEventId()).isEqualTo(initiatedId);
    assertThat(s.continuedExecutionRunId()).isEqualTo(child1.runId());
    assertThat(kit.describe(d, child2).executionInfo().parent()).isEqualTo(parent);
    // the parent hears nothing of the continue
    kit.assertHistoryStays(d, parent, parentEvents);

    kit.decide(d, child2, continueAsNew(a -> a.input("round 3").taskList(t -> t.name(childId))));
    WorkflowExecution child3 = kit.openRun(d, childId);
    assertThat(kit.describe(d, child3).executionInfo().parent()).isEqualTo(parent);
    kit.decide(d, child3, Decisions.complete("all rounds done"));

    HistoryEvent done = kit.await(d, parent, CHILD_WORKFLOW_EXECUTION_COMPLETED);
    var a = done.childWorkflowExecutionCompletedEventAttributes();
    assertThat(a.result()).isEqualTo("all rounds done");
    assertThat(a.initiatedEventId()).isEqualTo(initiatedId);
    assertThat(a.startedEventId()).isEqualTo(started.eventId());
    assertThat(a.workflowExecution().workflowId()).isEqualTo(childId);
    assertThat(a.workflowExecution().runId()).isEqualTo(child3.runId());
    assertThat(kit.events(d, parent, CHILD_WORKFLOW_EXECUTION_COMPLETED)).hasSize(1);
    assertThat(kit.describe(d, parent).openCounts().openChildWorkflowExecutions()).isZero();
    assertThat(
            kit.history(d, parent).stream()
                .map(HistoryEvent::eventType)
                .filter(t -> t.toString().startsWith("ChildWorkflowExecution")))
        .containsExactly(CHILD_WORKFLOW_EXECUTION_STARTED, CHILD_WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void parentTerminatedAfterItsChildContinuedReachesTheChildsCurrentRun() {
    String d = kit.domain("can");
    WorkflowExecution parent = kit.start(d, unique("parent"));
    String childId = unique("child");
    kit.decide(d, parent, startChild(childId));
    WorkflowExecution child1 =
        kit.await(d, parent, CHILD_WORKFLOW_EXECUTION_STARTED)
            .childWorkflowExecutionStartedEventAttributes()
            .workflowExecution();
    kit.decide(d, child1, continueAsNew(a -> a.taskList(t -> t.name(childId))));
    WorkflowExecution child2 = kit.openRun(d, childId);
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(parent.workflowId()));
    HistoryEvent t = kit.await(d, child2, EventType.WORKFLOW_EXECUTION_TERMINATED);
    assertThat(t.workflowExecutionTerminatedEventAttributes().cause().toString())
        .isEqualTo("CHILD_POLICY_APPLIED");
  }
}
