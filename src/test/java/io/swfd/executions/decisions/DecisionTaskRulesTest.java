package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.event;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * When decision tasks are scheduled (SWF Developer Guide, 'Decision tasks' in 'Amazon SWF
 * deciders'), previousStartedEventId, and the identity of pollers.
 */
class DecisionTaskRulesTest {
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
   * Never two decision tasks open at once: every DecisionTaskScheduled follows the close of the one
   * before.
   */
  static void assertAtMostOneDecisionTaskOpen(List<HistoryEvent> history) {
    boolean open = false;
    for (HistoryEvent e : history) {
      EventType type = e.eventType();
      if (type == EventType.DECISION_TASK_SCHEDULED) {
        assertThat(open)
            .as("DecisionTaskScheduled %d while another decision task is open", e.eventId())
            .isFalse();
        open = true;
      } else if (type == EventType.DECISION_TASK_STARTED) {
        assertThat(open)
            .as("DecisionTaskStarted %d without a scheduled task", e.eventId())
            .isTrue();
      } else if (type == EventType.DECISION_TASK_COMPLETED
          || type == EventType.DECISION_TASK_TIMED_OUT) {
        open = false;
      }
    }
  }

  @Test
  void eventsWhileATaskIsStartedScheduleTheNextOnlyWhenItCompletes() {
    String d = h.domain("rules");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), schedule("a1"), schedule("a2")); // 4, 5, 6
    PollForActivityTaskResponse a1 = h.activityTask(d, "work"); // 7
    PollForActivityTaskResponse a2 = h.activityTask(d, "work"); // 8
    h.swf()
        .respondActivityTaskCompleted(
            r -> r.taskToken(a1.taskToken())); // 9, 10 DecisionTaskScheduled
    PollForDecisionTaskResponse t2 = h.decisionTask(d); // 11
    assertThat(t2.startedEventId()).isEqualTo(11);

    h.swf()
        .respondActivityTaskCompleted(r -> r.taskToken(a2.taskToken())); // 12: no decision task yet
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 8)))
        .containsExactly(
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED,
            EventType.ACTIVITY_TASK_COMPLETED);
    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
    assertThat(h.pendingDecisions(d, "dec")).isZero();

    h.respond(t2.taskToken()); // 13 completed, 14 the next task for the event it did not see
    history = h.history(d, e);
    assertThat(types(after(history, 12)))
        .containsExactly(EventType.DECISION_TASK_COMPLETED, EventType.DECISION_TASK_SCHEDULED);
    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
    PollForDecisionTaskResponse t3 = h.decisionTask(d);
    assertThat(t3.startedEventId()).isEqualTo(15);
    assertThat(t3.previousStartedEventId()).isEqualTo(11);
    assertThat(event(t3.events(), 12).activityTaskCompletedEventAttributes().scheduledEventId())
        .isEqualTo(6);
    assertAtMostOneDecisionTaskOpen(h.history(d, e));
  }

  @Test
  void eventsWhileATaskIsScheduledJoinThatTask() {
    String d = h.domain("rules");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    h.respond(h.decisionTask(d).taskToken(), schedule("a1"), schedule("a2"), schedule("a3")); // 4-7
    List<PollForActivityTaskResponse> work = new ArrayList<>();
    for (int i = 0; i < 3; i++) work.add(h.activityTask(d, "work")); // 8-10
    for (PollForActivityTaskResponse w : work)
      h.swf().respondActivityTaskCompleted(r -> r.taskToken(w.taskToken()));
    List<HistoryEvent> history = h.history(d, e);
    assertThat(types(after(history, 10)))
        .containsExactly(
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_COMPLETED);
    assertThat(h.pendingDecisions(d, "dec")).isEqualTo(1);
    PollForDecisionTaskResponse t2 = h.decisionTask(d);
    assertThat(t2.startedEventId()).isEqualTo(15);
    assertThat(types(t2.events()).stream().filter(t -> t == EventType.ACTIVITY_TASK_COMPLETED))
        .hasSize(3);
    h.respond(t2.taskToken());
    // everything was seen: no further task
    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isZero();
    assertThat(types(after(h.history(d, e), 15)))
        .containsExactly(EventType.DECISION_TASK_COMPLETED);
  }

  @Test
  void previousStartedEventIdPointsAtTheLastProcessedDecisionTask() {
    String d = h.domain("rules");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    long expectedPrevious = 0;
    long expectedStarted = 3;
    for (int i = 0; i < 5; i++) {
      assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
      PollForDecisionTaskResponse t = h.decisionTask(d);
      assertThat(t.startedEventId()).isEqualTo(expectedStarted);
      assertThat(t.previousStartedEventId()).isEqualTo(expectedPrevious);
      assertThat(SwfTestClient.last(t.events()).eventId()).isEqualTo(expectedStarted);
      if (expectedPrevious > 0) {
        assertThat(event(t.events(), expectedPrevious).eventType())
            .isEqualTo(EventType.DECISION_TASK_STARTED);
      }
      assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
      h.respond(t.taskToken(), wakeUp()); // completed, failed, scheduled, then the next started
      expectedPrevious = expectedStarted;
      expectedStarted += 4;
    }
    assertAtMostOneDecisionTaskOpen(h.history(d, e));
  }

  @Test
  void theIdentityOfPollersIsRecorded() {
    String d = h.domain("rules");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    PollForDecisionTaskResponse t1 =
        h.swf()
            .pollForDecisionTask(
                r -> r.domain(d).taskList(t -> t.name("dec")).identity("decider-42@host"));
    h.respond(t1.taskToken(), schedule("a1"), schedule("a2"), wakeUp());
    h.swf()
        .pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("work")).identity("worker-7"));
    h.swf().pollForActivityTask(r -> r.domain(d).taskList(t -> t.name("work"))); // no identity
    h.swf().pollForDecisionTask(r -> r.domain(d).taskList(t -> t.name("dec")));

    List<HistoryEvent> history = h.history(d, e);
    var firstStarted = event(history, 3).decisionTaskStartedEventAttributes();
    assertThat(firstStarted.identity()).isEqualTo("decider-42@host");
    assertThat(firstStarted.scheduledEventId()).isEqualTo(2);
    assertThat(types(after(history, 7)))
        .containsExactly(
            EventType.DECISION_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_STARTED,
            EventType.ACTIVITY_TASK_STARTED,
            EventType.DECISION_TASK_STARTED);
    var a1 = event(history, 9).activityTaskStartedEventAttributes();
    assertThat(a1.identity()).isEqualTo("worker-7");
    assertThat(a1.scheduledEventId()).isEqualTo(5);
    var a2 = event(history, 10).activityTaskStartedEventAttributes();
    assertThat(a2.identity()).isNull();
    assertThat(a2.scheduledEventId()).isEqualTo(6);
    var secondStarted = event(history, 11).decisionTaskStartedEventAttributes();
    assertThat(secondStarted.identity()).isNull();
    assertThat(secondStarted.scheduledEventId()).isEqualTo(8);
  }

  @Test
  void underConcurrentWorkersThereIsNeverMoreThanOneOpenDecisionTask() throws Exception {
    String d = h.domain("rules");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    List<Decision> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) batch.add(schedule("a" + i));
    h.respond(h.decisionTask(d).taskToken(), batch);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger completedActivities = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(7);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 5; w++) {
        futures.add(
            pool.submit(
                () -> {
                  while (completedActivities.get() < 30 && !stop.get()) {
                    PollForActivityTaskResponse t =
                        h.swf().pollForActivityTask(r -> r.domain(d).taskList(l -> l.name("work")));
                    if (t.taskToken() == null) continue;
                    h.swf().respondActivityTaskCompleted(r -> r.taskToken(t.taskToken()));
                    completedActivities.incrementAndGet();
                  }
                  return null;
                }));
      }
      futures.add(
          pool.submit(
              () -> { // a decider that answers every task with nothing
                while (!stop.get()) {
                  PollForDecisionTaskResponse t =
                      h.swf().pollForDecisionTask(r -> r.domain(d).taskList(l -> l.name("dec")));
                  if (t.taskToken() != null) h.respond(t.taskToken());
                }
                return null;
              }));
      futures.add(
          pool.submit(
              () -> { // an observer
                while (!stop.get()) {
                  int open = h.describe(d, e).openCounts().openDecisionTasks();
                  maxOpen.accumulateAndGet(open, Math::max);
                }
                return null;
              }));
      for (int i = 0; i < 5; i++) futures.get(i).get(60, TimeUnit.SECONDS);
      assertThat(completedActivities.get()).isEqualTo(30);
      // let the decider see the last events
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(() -> h.describe(d, e).openCounts().openDecisionTasks() == 0);
      stop.set(true);
      for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    assertThat(maxOpen.get()).isEqualTo(1);
    List<HistoryEvent> history = h.history(d, e);
    assertAtMostOneDecisionTaskOpen(history);
    assertThat(history.stream().filter(x -> x.eventType() == EventType.ACTIVITY_TASK_COMPLETED))
        .hasSize(30);
    // the last decision task saw the last activity completion
    HistoryEvent lastCompleted =
        history.stream()
            .filter(x -> x.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
            .reduce((a, b) -> b)
            .orElseThrow();
    HistoryEvent lastStarted =
        history.stream()
            .filter(x -> x.eventType() == EventType.DECISION_TASK_STARTED)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(lastStarted.eventId()).isGreaterThan(lastCompleted.eventId());
  }
}
