package io.swfd.executions.decisions;

import static io.swfd.support.Decisions.cancelActivity;
import static io.swfd.support.Decisions.marker;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.wakeUp;
import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.matching.TaskListKey;
import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskRequest;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * PollForDecisionTask: empty polls, paging, order of events and of tasks, exactly-once hand-out,
 * pending counts.
 */
class PollForDecisionTaskTest {
  private static SwfTestClient h;

  @BeforeAll
  static void start() {
    h = SwfTestClient.system(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static List<Long> ids(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::eventId).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  /**
   * A run whose second decision task is waiting: events 1-3 the first task, 4 completed, 5-14 ten
   * markers, 15 a failed decision, 16 the second task scheduled. Polling it makes event 17.
   */
  private static WorkflowExecution runWithSeventeenEventsOnPoll(String d) {
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    List<Decision> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) batch.add(marker("m" + i, null));
    batch.add(wakeUp());
    h.respond(h.decisionTask(d).taskToken(), batch);
    assertThat(h.history(d, e)).hasSize(16);
    return e;
  }

  @Test
  void anEmptyPollAfterTheHoldHasNoTaskToken() {
    String d = h.domain("poll");
    long t0 = System.nanoTime();
    PollForDecisionTaskResponse empty = h.poll(d, "nothing-here");
    Duration held = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(empty.taskToken()).isNull();
    assertThat(empty.startedEventId()).isZero();
    assertThat(empty.previousStartedEventId()).isZero();
    assertThat(empty.events()).isEmpty();
    assertThat(empty.workflowExecution()).isNull();
    assertThat(empty.workflowType()).isNull();
    assertThat(empty.nextPageToken()).isNull();
    assertThat(held)
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500))
        .isLessThan(Duration.ofSeconds(15));

    UnknownResourceException unknown =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () -> h.poll("no-such-domain", "dec"));
    assertThat(message(unknown)).isEqualTo("Unknown domain: no-such-domain");
  }

  @Test
  void aParkedPollGetsATaskScheduledWhileItWaits() throws Exception {
    String d = h.domain("poll");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<PollForDecisionTaskResponse> polling = pool.submit(() -> h.poll(d, "dec"));
      // the poll parks first; the task must then go straight to it rather than to the backlog
      TaskListKey list = new TaskListKey("us-east-1", d, TaskListKey.Kind.DECISION, "dec");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> h.swfd().server().queues().parked(list) == 1);
      WorkflowExecution e = h.startOnDefaultList(d, "w");
      PollForDecisionTaskResponse task = polling.get(10, TimeUnit.SECONDS);
      assertThat(task.taskToken()).isNotNull();
      assertThat(task.workflowExecution()).isEqualTo(e);
      assertThat(task.startedEventId()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pagesOfOneTaskRepeatItsTokenAndIdsUntilEveryEventIsDelivered() {
    String d = h.domain("poll");
    WorkflowExecution e = runWithSeventeenEventsOnPoll(d);
    PollForDecisionTaskResponse first =
        h.swf()
            .pollForDecisionTask(r -> r.domain(d).taskList(t -> t.name("dec")).maximumPageSize(5));
    assertThat(first.taskToken()).isNotNull();
    assertThat(first.startedEventId()).isEqualTo(17);
    assertThat(first.previousStartedEventId()).isEqualTo(3);
    assertThat(ids(first.events())).isEqualTo(range(1, 5));
    assertThat(first.nextPageToken()).isNotBlank();

    List<Long> seen = new ArrayList<>(ids(first.events()));
    String pageToken = first.nextPageToken();
    int pages = 1;
    while (pageToken != null) {
      String current = pageToken;
      PollForDecisionTaskResponse page =
          h.swf()
              .pollForDecisionTask(
                  r ->
                      r.domain(d)
                          .taskList(t -> t.name("dec"))
                          .maximumPageSize(5)
                          .nextPageToken(current));
      assertThat(page.taskToken()).isEqualTo(first.taskToken());
      assertThat(page.startedEventId()).isEqualTo(17);
      assertThat(page.previousStartedEventId()).isEqualTo(3);
      assertThat(page.workflowExecution()).isEqualTo(e);
      assertThat(page.workflowType()).isEqualTo(first.workflowType());
      seen.addAll(ids(page.events()));
      pageToken = page.nextPageToken();
      pages++;
    }
    assertThat(pages).isEqualTo(4);
    assertThat(seen).isEqualTo(range(1, 17));
    // reading pages claimed nothing and appended nothing
    assertThat(h.history(d, e)).hasSize(17);
    assertThat(h.describe(d, e).openCounts().openDecisionTasks()).isEqualTo(1);
    h.respond(first.taskToken(), Decisions.complete("done"));
    assertThat(SwfTestClient.last(h.history(d, e)).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
  }

  @Test
  void onlyPageTokensOfPollForDecisionTaskContinueADecisionTask() {
    String d = h.domain("poll");
    WorkflowExecution e = runWithSeventeenEventsOnPoll(d);
    String historyToken =
        h.swf()
            .getWorkflowExecutionHistory(r -> r.domain(d).execution(e).maximumPageSize(2))
            .nextPageToken();
    assertThat(historyToken).isNotBlank();
    SwfException wrongKind =
        SwfTestClient.validation(
            () ->
                h.swf()
                    .pollForDecisionTask(
                        r -> r.domain(d).taskList(t -> t.name("dec")).nextPageToken(historyToken)));
    assertThat(message(wrongKind)).isEqualTo("Invalid token");
    SwfException garbage =
        SwfTestClient.validation(
            () ->
                h.swf()
                    .pollForDecisionTask(
                        r -> r.domain(d).taskList(t -> t.name("dec")).nextPageToken("garbage")));
    assertThat(message(garbage)).isEqualTo("Invalid token");
    // neither claimed the waiting task
    assertThat(h.history(d, e)).hasSize(16);
    assertThat(h.decisionTask(d).startedEventId()).isEqualTo(17);
  }

  @Test
  void theSdkPaginatorWalksTheWholeTaskOnce() {
    String d = h.domain("poll");
    WorkflowExecution e = runWithSeventeenEventsOnPoll(d);
    PollForDecisionTaskRequest request =
        PollForDecisionTaskRequest.builder()
            .domain(d)
            .taskList(t -> t.name("dec"))
            .identity("paginating")
            .maximumPageSize(4)
            .build();
    List<PollForDecisionTaskResponse> pages = new ArrayList<>();
    for (PollForDecisionTaskResponse page : h.swf().pollForDecisionTaskPaginator(request))
      pages.add(page);
    assertThat(pages).hasSize(5);
    assertThat(pages)
        .extracting(PollForDecisionTaskResponse::taskToken)
        .containsOnly(pages.get(0).taskToken());
    assertThat(pages).extracting(PollForDecisionTaskResponse::startedEventId).containsOnly(17L);
    List<Long> all =
        pages.stream().flatMap(p -> p.events().stream()).map(HistoryEvent::eventId).toList();
    assertThat(all).isEqualTo(range(1, 17));
    assertThat(h.history(d, e)).hasSize(17);
    assertThat(h.history(d, e).get(16).decisionTaskStartedEventAttributes().identity())
        .isEqualTo("paginating");
    h.respond(pages.get(0).taskToken());
  }

  @Test
  void reverseOrderGivesTheNewestEventFirstAcrossPages() {
    String d = h.domain("poll");
    runWithSeventeenEventsOnPoll(d);
    PollForDecisionTaskResponse first =
        h.swf()
            .pollForDecisionTask(
                r ->
                    r.domain(d).taskList(t -> t.name("dec")).reverseOrder(true).maximumPageSize(6));
    assertThat(ids(first.events())).isEqualTo(List.of(17L, 16L, 15L, 14L, 13L, 12L));
    assertThat(first.events().get(0).eventType()).isEqualTo(EventType.DECISION_TASK_STARTED);
    List<Long> seen = new ArrayList<>(ids(first.events()));
    String pageToken = first.nextPageToken();
    while (pageToken != null) {
      String current = pageToken;
      PollForDecisionTaskResponse page =
          h.swf()
              .pollForDecisionTask(
                  r ->
                      r.domain(d)
                          .taskList(t -> t.name("dec"))
                          .reverseOrder(true)
                          .maximumPageSize(6)
                          .nextPageToken(current));
      assertThat(page.taskToken()).isEqualTo(first.taskToken());
      seen.addAll(ids(page.events()));
      pageToken = page.nextPageToken();
    }
    List<Long> expected = new ArrayList<>(range(1, 17));
    Collections.reverse(expected);
    assertThat(seen).isEqualTo(expected);

    // without a page size everything comes in one page
    h.respond(first.taskToken(), wakeUp());
    PollForDecisionTaskResponse next =
        h.swf()
            .pollForDecisionTask(r -> r.domain(d).taskList(t -> t.name("dec")).reverseOrder(true));
    assertThat(next.nextPageToken()).isNull();
    expected = new ArrayList<>(range(1, 21));
    Collections.reverse(expected);
    assertThat(ids(next.events())).isEqualTo(expected);
  }

  @Test
  void startAtPreviousStartedEventReturnsOnlyEventsFromThePreviousDecisionTaskStarted() {
    String d = h.domain("poll");
    WorkflowExecution e = h.startOnDefaultList(d, "w");
    // the first task has no previous one: everything
    PollForDecisionTaskResponse t1 =
        h.swf()
            .pollForDecisionTask(
                r -> r.domain(d).taskList(t -> t.name("dec")).startAtPreviousStartedEvent(true));
    assertThat(ids(t1.events())).isEqualTo(range(1, 3));
    List<Decision> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) batch.add(marker("m" + i, null));
    batch.add(wakeUp());
    h.respond(t1.taskToken(), batch); // 4 completed, 5-9 markers, 10 failed, 11 scheduled

    PollForDecisionTaskResponse t2 =
        h.swf()
            .pollForDecisionTask(
                r -> r.domain(d).taskList(t -> t.name("dec")).startAtPreviousStartedEvent(true));
    assertThat(t2.previousStartedEventId()).isEqualTo(3);
    assertThat(t2.startedEventId()).isEqualTo(12);
    assertThat(ids(t2.events())).isEqualTo(range(3, 12));
    assertThat(t2.events().get(0).eventType()).isEqualTo(EventType.DECISION_TASK_STARTED);
    h.respond(t2.taskToken(), marker("x", null), marker("y", null), wakeUp()); // 13-16

    // also when paged
    PollForDecisionTaskResponse t3 =
        h.swf()
            .pollForDecisionTask(
                r ->
                    r.domain(d)
                        .taskList(t -> t.name("dec"))
                        .startAtPreviousStartedEvent(true)
                        .maximumPageSize(4));
    assertThat(t3.previousStartedEventId()).isEqualTo(12);
    assertThat(t3.startedEventId()).isEqualTo(18);
    List<Long> seen = new ArrayList<>(ids(t3.events()));
    String pageToken = t3.nextPageToken();
    while (pageToken != null) {
      String current = pageToken;
      PollForDecisionTaskResponse page =
          h.swf()
              .pollForDecisionTask(
                  r ->
                      r.domain(d)
                          .taskList(t -> t.name("dec"))
                          .startAtPreviousStartedEvent(true)
                          .maximumPageSize(4)
                          .nextPageToken(current));
      seen.addAll(ids(page.events()));
      pageToken = page.nextPageToken();
    }
    assertThat(seen).isEqualTo(range(12, 18));
    assertThat(h.history(d, e)).hasSize(18);
  }

  @Test
  void higherPriorityFirstThenOldestFirst() {
    String d = h.domain("poll");
    Map<String, String> priorities = new java.util.LinkedHashMap<>();
    priorities.put("low", "1");
    priorities.put("high", "10");
    priorities.put("mid", "5");
    priorities.put("high-later", "10");
    priorities.put("negative", "-5");
    priorities.put("zero", null);
    priorities.put("mid-later", "5");
    priorities.forEach(
        (id, p) -> h.start(d, id, r -> r.taskList(t -> t.name("prio")).taskPriority(p)));
    assertThat(h.pendingDecisions(d, "prio")).isEqualTo(7);

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      PollForDecisionTaskResponse t = h.decisionTask(d, "prio");
      order.add(t.workflowExecution().workflowId());
      assertThat(h.pendingDecisions(d, "prio")).isEqualTo(6 - i);
    }
    assertThat(order)
        .containsExactly("high", "high-later", "mid", "mid-later", "low", "zero", "negative");
  }

  @Test
  void eachTaskGoesToExactlyOnePollerAmongManyConcurrentOnes() throws Exception {
    String d = h.domain("poll");
    int workflows = 20;
    Map<String, List<String>> takenBy = new ConcurrentHashMap<>();
    List<String> tokens = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean allStarted = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<WorkflowExecution> runs = new ArrayList<>();
    try {
      List<Future<?>> pollers = new ArrayList<>();
      for (int p = 0; p < 10; p++) {
        String identity = "poller-" + p;
        pollers.add(
            pool.submit(
                () -> {
                  while (true) {
                    PollForDecisionTaskResponse t =
                        h.swf()
                            .pollForDecisionTask(
                                r ->
                                    r.domain(d).taskList(l -> l.name("shared")).identity(identity));
                    if (t.taskToken() == null) {
                      if (allStarted.get() && tokens.size() >= workflows) return null;
                      if (allStarted.get() && h.pendingDecisions(d, "shared") == 0) return null;
                      continue;
                    }
                    tokens.add(t.taskToken());
                    takenBy
                        .computeIfAbsent(
                            t.workflowExecution().runId(),
                            k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(identity);
                  }
                }));
      }
      for (int i = 0; i < workflows; i++)
        runs.add(h.start(d, "w" + i, r -> r.taskList(t -> t.name("shared"))));
      allStarted.set(true);
      for (Future<?> f : pollers) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokens).hasSize(workflows).doesNotHaveDuplicates();
    assertThat(takenBy).hasSize(workflows);
    takenBy.forEach((runId, who) -> assertThat(who).as("pollers of run %s", runId).hasSize(1));
    Set<String> identities = new HashSet<>();
    for (WorkflowExecution e : runs) {
      List<HistoryEvent> history = h.history(d, e);
      assertThat(types(history))
          .containsExactly(
              EventType.WORKFLOW_EXECUTION_STARTED,
              EventType.DECISION_TASK_SCHEDULED,
              EventType.DECISION_TASK_STARTED);
      String identity = history.get(2).decisionTaskStartedEventAttributes().identity();
      assertThat(identity).isEqualTo(takenBy.get(e.runId()).get(0));
      identities.add(identity);
    }
    assertThat(identities).hasSizeGreaterThan(1); // the work was actually shared
    assertThat(h.pendingDecisions(d, "shared")).isZero();
  }

  @Test
  void pendingTaskCountsFollowSchedulingStartingAndCanceling() {
    String d = h.domain("poll");
    assertThat(h.pendingDecisions(d, "never-used")).isZero();
    assertThat(h.pendingActivities(d, "never-used")).isZero();
    List<WorkflowExecution> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++)
      runs.add(h.start(d, "w" + i, r -> r.taskList(t -> t.name("counted"))));
    assertThat(h.pendingDecisions(d, "counted")).isEqualTo(3);
    assertThat(h.pendingActivities(d, "counted")).isZero(); // decision and activity lists are apart

    PollForDecisionTaskResponse t = h.decisionTask(d, "counted");
    assertThat(h.pendingDecisions(d, "counted")).isEqualTo(2);
    h.respond(
        t.taskToken(),
        schedule("a1", a -> a.taskList(l -> l.name("counted"))),
        schedule("a2", a -> a.taskList(l -> l.name("counted"))),
        schedule("a3", a -> a.taskList(l -> l.name("counted"))),
        wakeUp());
    assertThat(h.pendingActivities(d, "counted")).isEqualTo(3);
    assertThat(h.pendingDecisions(d, "counted"))
        .isEqualTo(3); // the first run's next task joined the list

    PollForActivityTaskResponse a = h.activityTask(d, "counted");
    assertThat(a.activityId()).isEqualTo("a1");
    assertThat(h.pendingActivities(d, "counted")).isEqualTo(2);

    PollForDecisionTaskResponse t2;
    do {
      t2 = h.decisionTask(d, "counted");
      if (!t2.workflowExecution().equals(runs.get(0)))
        h.respond(t2.taskToken(), Decisions.complete(null));
    } while (!t2.workflowExecution().equals(runs.get(0)));
    assertThat(h.pendingDecisions(d, "counted")).isZero();
    h.respond(t2.taskToken(), cancelActivity("a2"));
    assertThat(h.pendingActivities(d, "counted")).isEqualTo(1);

    UnknownResourceException unknown =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () ->
                h.swf()
                    .countPendingDecisionTasks(
                        r -> r.domain("no-such-domain").taskList(l -> l.name("x"))));
    assertThat(message(unknown)).isEqualTo("Unknown domain: no-such-domain");
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () ->
            h.swf()
                .countPendingActivityTasks(
                    r -> r.domain("no-such-domain").taskList(l -> l.name("x"))));
  }
}
