package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.swf.model.ActivityTaskScheduledEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.ScheduleActivityTaskDecisionAttributes;
import software.amazon.awssdk.services.swf.model.ScheduleActivityTaskFailedCause;
import software.amazon.awssdk.services.swf.model.ScheduleActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/** ScheduleActivityTask: the effective values in ActivityTaskScheduled and every failure cause. */
class ScheduleActivityTaskTest {
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static Decision scheduleType(
      String activityId,
      String name,
      String version,
      Consumer<ScheduleActivityTaskDecisionAttributes.Builder> more) {
    return Decision.builder()
        .decisionType("ScheduleActivityTask")
        .scheduleActivityTaskDecisionAttributes(
            a -> {
              a.activityId(activityId)
                  .activityType(ActivityType.builder().name(name).version(version).build());
              more.accept(a);
            })
        .build();
  }

  /**
   * Starts a run in a fresh domain and answers its first decision task (events 1-3) with the
   * decisions.
   */
  private record Run(String domain, WorkflowExecution execution) {}

  private static Run firstDecisions(String domain, Decision... decisions) {
    WorkflowExecution e = h.startOnDefaultList(domain, "w");
    PollForDecisionTaskResponse task = h.decisionTask(domain);
    assertThat(task.startedEventId()).isEqualTo(3);
    h.respond(task.taskToken(), decisions);
    return new Run(domain, e);
  }

  @Test
  void everyEffectiveValueComesFromTheDecisionElseFromTheTypeDefaults() {
    String d = h.domain("sched");
    h.swf()
        .registerActivityType(
            r ->
                r.domain(d)
                    .name("full")
                    .version("2")
                    .defaultTaskList(t -> t.name("acts"))
                    .defaultTaskPriority("7")
                    .defaultTaskScheduleToStartTimeout("11")
                    .defaultTaskScheduleToCloseTimeout("22")
                    .defaultTaskStartToCloseTimeout("33")
                    .defaultTaskHeartbeatTimeout("44"));
    Run run =
        firstDecisions(
            d,
            scheduleType("defaults", "full", "2", a -> {}),
            scheduleType(
                "given",
                "full",
                "2",
                a ->
                    a.taskList(t -> t.name("given-list"))
                        .taskPriority("-3")
                        .scheduleToStartTimeout("NONE")
                        .scheduleToCloseTimeout("100")
                        .startToCloseTimeout("NONE")
                        .heartbeatTimeout("5")
                        .input("the input")
                        .control("the control")));

    List<HistoryEvent> history = h.history(d, run.execution());
    assertThat(types(history))
        .containsExactly(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_SCHEDULED);

    ActivityTaskScheduledEventAttributes defaults =
        history.get(4).activityTaskScheduledEventAttributes();
    assertThat(defaults.activityId()).isEqualTo("defaults");
    assertThat(defaults.activityType().name()).isEqualTo("full");
    assertThat(defaults.activityType().version()).isEqualTo("2");
    assertThat(defaults.taskList().name()).isEqualTo("acts");
    assertThat(defaults.taskPriority()).isEqualTo("7");
    assertThat(defaults.scheduleToStartTimeout()).isEqualTo("11");
    assertThat(defaults.scheduleToCloseTimeout()).isEqualTo("22");
    assertThat(defaults.startToCloseTimeout()).isEqualTo("33");
    assertThat(defaults.heartbeatTimeout()).isEqualTo("44");
    assertThat(defaults.input()).isNull();
    assertThat(defaults.control()).isNull();
    assertThat(defaults.decisionTaskCompletedEventId()).isEqualTo(4);

    ActivityTaskScheduledEventAttributes given =
        history.get(5).activityTaskScheduledEventAttributes();
    assertThat(given.activityId()).isEqualTo("given");
    assertThat(given.taskList().name()).isEqualTo("given-list");
    assertThat(given.taskPriority()).isEqualTo("-3");
    assertThat(given.scheduleToStartTimeout()).isEqualTo("NONE");
    assertThat(given.scheduleToCloseTimeout()).isEqualTo("100");
    assertThat(given.startToCloseTimeout()).isEqualTo("NONE");
    assertThat(given.heartbeatTimeout()).isEqualTo("5");
    assertThat(given.input()).isEqualTo("the input");
    assertThat(given.control()).isEqualTo("the control");
    assertThat(given.decisionTaskCompletedEventId()).isEqualTo(4);

    var detail = h.describe(d, run.execution());
    assertThat(detail.openCounts().openActivityTasks()).isEqualTo(2);
    assertThat(detail.openCounts().openDecisionTasks())
        .isZero(); // scheduling an activity wakes nobody
    assertThat(detail.latestActivityTaskTimestamp()).isEqualTo(history.get(5).eventTimestamp());
    assertThat(h.pendingActivities(d, "acts")).isEqualTo(1);
    assertThat(h.pendingActivities(d, "given-list")).isEqualTo(1);
    assertThat(h.pendingDecisions(d, "dec")).isZero();

    // the worker gets the input but never the control
    PollForActivityTaskResponse task = h.activityTask(d, "given-list");
    assertThat(task.activityId()).isEqualTo("given");
    assertThat(task.input()).isEqualTo("the input");
    assertThat(task.activityType().name()).isEqualTo("full");
    assertThat(task.workflowExecution()).isEqualTo(run.execution());
    assertThat(task.startedEventId()).isEqualTo(7);
  }

  @Test
  void withoutAPriorityAnywhereThePriorityIsZero() {
    String d = h.domain("sched");
    Run run = firstDecisions(d, schedule("a1"));
    HistoryEvent scheduled = h.history(d, run.execution()).get(4);
    assertThat(scheduled.activityTaskScheduledEventAttributes().taskPriority()).isEqualTo("0");
    assertThat(scheduled.activityTaskScheduledEventAttributes().taskList().name())
        .isEqualTo("work");
  }

  @Test
  void aRegisteredDefaultPriorityWithSpacesOrSignStillSchedulesTheTask() {
    // RegisterActivityType accepts " 7" and "+2" (Durations.checkPriority); scheduling with them
    // must work, not fail inside
    String d = h.domain("sched");
    h.swf()
        .registerActivityType(
            r ->
                r.domain(d)
                    .name("spaced")
                    .version("1")
                    .defaultTaskList(t -> t.name("prio"))
                    .defaultTaskPriority(" 7")
                    .defaultTaskScheduleToStartTimeout("NONE")
                    .defaultTaskScheduleToCloseTimeout("NONE")
                    .defaultTaskStartToCloseTimeout("NONE")
                    .defaultTaskHeartbeatTimeout("NONE"));
    h.swf()
        .registerActivityType(
            r ->
                r.domain(d)
                    .name("signed")
                    .version("1")
                    .defaultTaskList(t -> t.name("prio"))
                    .defaultTaskPriority("+2")
                    .defaultTaskScheduleToStartTimeout("NONE")
                    .defaultTaskScheduleToCloseTimeout("NONE")
                    .defaultTaskStartToCloseTimeout("NONE")
                    .defaultTaskHeartbeatTimeout("NONE"));
    Run run =
        firstDecisions(
            d,
            scheduleType("s", "signed", "1", a -> {}),
            scheduleType("p", "spaced", "1", a -> {}),
            scheduleType("z", "signed", "1", a -> a.taskPriority("0")));
    List<HistoryEvent> history = h.history(d, run.execution());
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(h.pendingActivities(d, "prio")).isEqualTo(3);
    assertThat(h.activityTask(d, "prio").activityId()).isEqualTo("p");
    assertThat(h.activityTask(d, "prio").activityId()).isEqualTo("s");
    assertThat(h.activityTask(d, "prio").activityId()).isEqualTo("z");
  }

  @Test
  void higherActivityPriorityIsHandedOutFirst() {
    String d = h.domain("sched");
    firstDecisions(
        d,
        schedule("low", a -> a.taskPriority("-1")),
        schedule("high", a -> a.taskPriority("20")),
        schedule("default"),
        schedule("high-later", a -> a.taskPriority("20")),
        schedule("mid", a -> a.taskPriority("+3")));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) order.add(h.activityTask(d, "work").activityId());
    assertThat(order).containsExactly("high", "high-later", "mid", "default", "low");
  }

  @Test
  void latestActivityTaskTimestampFollowsTheLatestScheduledActivity() {
    String d = h.domain("sched");
    Run run = firstDecisions(d, schedule("a1"), wakeUp());
    List<HistoryEvent> history = h.history(d, run.execution());
    assertThat(h.describe(d, run.execution()).latestActivityTaskTimestamp())
        .isEqualTo(history.get(4).eventTimestamp());

    java.time.Instant first = history.get(4).eventTimestamp();
    org.awaitility.Awaitility.await()
        .until(() -> java.time.Instant.now().isAfter(first.plusMillis(5))); // distinct timestamps
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    h.respond(t2.taskToken(), schedule("a2"));
    history = h.history(d, run.execution());
    HistoryEvent second = SwfTestClient.last(history);
    assertThat(second.eventType()).isEqualTo(EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(second.eventTimestamp()).isAfter(history.get(4).eventTimestamp());
    assertThat(h.describe(d, run.execution()).latestActivityTaskTimestamp())
        .isEqualTo(second.eventTimestamp());
  }

  /**
   * Asserts the run's history ends with DecisionTaskCompleted(4), the failure, and a new
   * DecisionTaskScheduled.
   */
  private static void assertFailedAndDeciderWoken(
      Run run,
      String activityId,
      String typeName,
      String typeVersion,
      ScheduleActivityTaskFailedCause cause) {
    List<HistoryEvent> history = h.history(run.domain(), run.execution());
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    ScheduleActivityTaskFailedEventAttributes failed =
        history.get(4).scheduleActivityTaskFailedEventAttributes();
    assertThat(failed.activityId()).isEqualTo(activityId);
    assertThat(failed.activityType().name()).isEqualTo(typeName);
    assertThat(failed.activityType().version()).isEqualTo(typeVersion);
    assertThat(failed.cause()).isEqualTo(cause);
    assertThat(failed.decisionTaskCompletedEventId()).isEqualTo(4);
    assertThat(h.describe(run.domain(), run.execution()).openCounts().openActivityTasks()).isZero();
    assertThat(h.pendingActivities(run.domain(), "work")).isZero();

    // a decider's poll gets the new task and sees the failure
    PollForDecisionTaskResponse next = h.decisionTask(run.domain());
    assertThat(next.previousStartedEventId()).isEqualTo(3);
    assertThat(next.startedEventId()).isEqualTo(7);
    assertThat(types(next.events()))
        .containsSubsequence(
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
  }

  @Test
  void aDeprecatedActivityTypeFails() {
    String d = h.domain("sched");
    h.swf()
        .deprecateActivityType(
            r -> r.domain(d).activityType(t -> t.name(SwfTestClient.ACT).version(SwfTestClient.V)));
    Run run = firstDecisions(d, schedule("a1"));
    assertFailedAndDeciderWoken(
        run,
        "a1",
        SwfTestClient.ACT,
        SwfTestClient.V,
        ScheduleActivityTaskFailedCause.ACTIVITY_TYPE_DEPRECATED);
  }

  @Test
  void anUnknownActivityTypeFails() {
    String d = h.domain("sched");
    Run run = firstDecisions(d, scheduleType("a1", "nope", "1", a -> {}));
    assertFailedAndDeciderWoken(
        run, "a1", "nope", "1", ScheduleActivityTaskFailedCause.ACTIVITY_TYPE_DOES_NOT_EXIST);

    String d2 = h.domain("sched");
    Run run2 = firstDecisions(d2, scheduleType("a1", SwfTestClient.ACT, "9", a -> {}));
    assertFailedAndDeciderWoken(
        run2,
        "a1",
        SwfTestClient.ACT,
        "9",
        ScheduleActivityTaskFailedCause.ACTIVITY_TYPE_DOES_NOT_EXIST);
  }

  @Test
  void anActivityIdOfAnOpenActivityCannotBeUsedAgain() {
    String d = h.domain("sched");
    Run run =
        firstDecisions(
            d, schedule("a1", a -> a.input("first")), schedule("a1", a -> a.input("second")));
    List<HistoryEvent> history = h.history(d, run.execution());
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    ScheduleActivityTaskFailedEventAttributes failed =
        history.get(5).scheduleActivityTaskFailedEventAttributes();
    assertThat(failed.activityId()).isEqualTo("a1");
    assertThat(failed.cause())
        .isEqualTo(ScheduleActivityTaskFailedCause.ACTIVITY_ID_ALREADY_IN_USE);
    assertThat(failed.decisionTaskCompletedEventId()).isEqualTo(4);

    // still in use in a later batch while it is open (started, here)
    PollForActivityTaskResponse work = h.activityTask(d, "work");
    assertThat(work.input()).isEqualTo("first");
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    h.respond(t2.taskToken(), schedule("a1"));
    history = h.history(d, run.execution());
    HistoryEvent last = SwfTestClient.last(history);
    assertThat(types(history.subList(history.size() - 3, history.size())))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    assertThat(history.get(history.size() - 2).scheduleActivityTaskFailedEventAttributes().cause())
        .isEqualTo(ScheduleActivityTaskFailedCause.ACTIVITY_ID_ALREADY_IN_USE);

    // once the activity closed its id is free again (SWF API Reference,
    // ScheduleActivityTaskDecisionAttributes.activityId: reuse of closed ids is the common
    // reading)
    h.swf().respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()).result("ok"));
    PollForDecisionTaskResponse t3 = h.decisionTask(d);
    assertThat(t3.startedEventId()).isGreaterThan(last.eventId());
    h.respond(t3.taskToken(), schedule("a1", a -> a.input("third")));
    HistoryEvent rescheduled = SwfTestClient.last(h.history(d, run.execution()));
    assertThat(rescheduled.eventType()).isEqualTo(EventType.ACTIVITY_TASK_SCHEDULED);
    assertThat(rescheduled.activityTaskScheduledEventAttributes().activityId()).isEqualTo("a1");
    assertThat(h.activityTask(d, "work").input()).isEqualTo("third");
  }

  @Test
  void aThousandOpenActivitiesAreTheLimit() {
    String d = h.domain("sched");
    h.swf()
        .registerActivityType(
            r ->
                r.domain(d)
                    .name("many")
                    .version("1")
                    .defaultTaskList(t -> t.name("many"))
                    .defaultTaskScheduleToStartTimeout("NONE")
                    .defaultTaskScheduleToCloseTimeout("NONE")
                    .defaultTaskStartToCloseTimeout("NONE")
                    .defaultTaskHeartbeatTimeout("NONE"));
    List<Decision> first = new ArrayList<>();
    for (int i = 0; i < 600; i++) first.add(scheduleType("a" + i, "many", "1", a -> {}));
    first.add(wakeUp());
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), first);
    assertThat(h.describe(d, e).openCounts().openActivityTasks()).isEqualTo(600);

    List<Decision> second = new ArrayList<>();
    for (int i = 600; i < 1001; i++) second.add(scheduleType("a" + i, "many", "1", a -> {}));
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    h.respond(t2.taskToken(), second);

    List<HistoryEvent> history = h.history(d, e);
    assertThat(history.stream().filter(x -> x.eventType() == EventType.ACTIVITY_TASK_SCHEDULED))
        .hasSize(1000);
    HistoryEvent failed = history.get(history.size() - 2);
    assertThat(failed.eventType()).isEqualTo(EventType.SCHEDULE_ACTIVITY_TASK_FAILED);
    assertThat(failed.scheduleActivityTaskFailedEventAttributes().activityId()).isEqualTo("a1000");
    assertThat(failed.scheduleActivityTaskFailedEventAttributes().cause())
        .isEqualTo(ScheduleActivityTaskFailedCause.OPEN_ACTIVITIES_LIMIT_EXCEEDED);
    assertThat(SwfTestClient.last(history).eventType())
        .isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(h.describe(d, e).openCounts().openActivityTasks()).isEqualTo(1000);
    assertThat(h.pendingActivities(d, "many")).isEqualTo(1000);

    // one closes: there is room for one more
    PollForActivityTaskResponse work = h.activityTask(d, "many");
    assertThat(work.activityId()).isEqualTo("a0");
    h.swf().respondActivityTaskCompleted(r -> r.taskToken(work.taskToken()));
    PollForDecisionTaskResponse t3 = h.decisionTask(d);
    h.respond(
        t3.taskToken(),
        scheduleType("a1000", "many", "1", a -> {}),
        scheduleType("a1001", "many", "1", a -> {}));
    history = h.history(d, e);
    assertThat(types(history.subList(history.size() - 4, history.size())))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.DECISION_TASK_SCHEDULED);
    assertThat(history.get(history.size() - 2).scheduleActivityTaskFailedEventAttributes().cause())
        .isEqualTo(ScheduleActivityTaskFailedCause.OPEN_ACTIVITIES_LIMIT_EXCEEDED);
    assertThat(h.describe(d, e).openCounts().openActivityTasks()).isEqualTo(1000);
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "scheduleToCloseTimeout, DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
    "taskList, DEFAULT_TASK_LIST_UNDEFINED",
    "scheduleToStartTimeout, DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
    "startToCloseTimeout, DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
    "heartbeatTimeout, DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED"
  })
  void aValueNeitherGivenNorRegisteredFailsWithItsCause(
      String missing, ScheduleActivityTaskFailedCause cause) {
    String d = h.domain("sched");
    h.swf().registerActivityType(r -> r.domain(d).name("bare").version("1"));
    Run run =
        firstDecisions(
            d,
            scheduleType(
                "a1",
                "bare",
                "1",
                a -> {
                  if (!missing.equals("scheduleToCloseTimeout")) a.scheduleToCloseTimeout("NONE");
                  if (!missing.equals("taskList")) a.taskList(t -> t.name("work"));
                  if (!missing.equals("scheduleToStartTimeout")) a.scheduleToStartTimeout("NONE");
                  if (!missing.equals("startToCloseTimeout")) a.startToCloseTimeout("NONE");
                  if (!missing.equals("heartbeatTimeout")) a.heartbeatTimeout("NONE");
                }));
    assertFailedAndDeciderWoken(run, "a1", "bare", "1", cause);
  }

  @Test
  void aTypeWithoutDefaultsWorksWhenTheDecisionGivesEverythingAndNoneIsAValue() {
    String d = h.domain("sched");
    h.swf().registerActivityType(r -> r.domain(d).name("bare").version("1"));
    Run run =
        firstDecisions(
            d,
            scheduleType(
                "a1",
                "bare",
                "1",
                a ->
                    a.scheduleToCloseTimeout("NONE")
                        .taskList(t -> t.name("work"))
                        .scheduleToStartTimeout("NONE")
                        .startToCloseTimeout("NONE")
                        .heartbeatTimeout("NONE")));
    List<HistoryEvent> history = h.history(d, run.execution());
    assertThat(types(after(history, 3)))
        .containsExactly(EventType.DECISION_TASK_COMPLETED, EventType.ACTIVITY_TASK_SCHEDULED);
    ActivityTaskScheduledEventAttributes a = history.get(4).activityTaskScheduledEventAttributes();
    assertThat(a.scheduleToCloseTimeout()).isEqualTo("NONE");
    assertThat(a.scheduleToStartTimeout()).isEqualTo("NONE");
    assertThat(a.startToCloseTimeout()).isEqualTo("NONE");
    assertThat(a.heartbeatTimeout()).isEqualTo("NONE");
    assertThat(a.taskPriority()).isEqualTo("0");
    assertThat(h.pendingActivities(d, "work")).isEqualTo(1);
  }

  @Test
  void aFailedDecisionDoesNotStopTheOnesAfterIt() {
    String d = h.domain("sched");
    Run run =
        firstDecisions(
            d,
            scheduleType("x", "nope", "1", a -> {}),
            schedule("a1"),
            Decisions.marker("m", null));
    List<HistoryEvent> history = h.history(d, run.execution());
    assertThat(types(after(history, 3)))
        .containsExactly(
            EventType.DECISION_TASK_COMPLETED,
            EventType.SCHEDULE_ACTIVITY_TASK_FAILED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.MARKER_RECORDED,
            EventType.DECISION_TASK_SCHEDULED);
  }
}
