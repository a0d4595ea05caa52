package io.swfd.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * Three swfd processes on one PostgreSQL database behind a (client-side) load balancer: workflows
 * with an activity, a timer and a signal run through all nodes, one node is SIGKILLed mid-load and
 * started again. Every call answered 200 must be reflected in the histories, no task is handed out
 * twice, the timers due while the node was down fire once (on the surviving nodes), and every
 * workflow completes.
 */
class ClusterCrashTest {
  static final String DOMAIN = "crash-cluster";
  static final int WORKFLOWS = 45;
  static final int VICTIM = 1;

  static Cluster cluster;
  static SwfClient[] swf = new SwfClient[3];

  /** The same without the SDK's retries, for the calls that are not safe to repeat. */
  static SwfClient[] once = new SwfClient[3];

  static final AtomicInteger roundRobin = new AtomicInteger();

  // what the clients saw
  static final Map<String, String> started200 = new ConcurrentHashMap<>();
  static final Set<String> startedAmbiguous = ConcurrentHashMap.newKeySet();
  static final Set<String> signaled200 = ConcurrentHashMap.newKeySet();
  static final Set<String> signaledAmbiguous = ConcurrentHashMap.newKeySet();
  static final Map<String, Integer> activityTasksHandedOut =
      new ConcurrentHashMap<>(); // runId/activityId
  static final AtomicInteger duplicateHandOuts = new AtomicInteger();
  static final Set<String> activityCompletions200 =
      ConcurrentHashMap.newKeySet(); // runId/startedEventId
  static final Set<String> decisionCompletions200 =
      ConcurrentHashMap.newKeySet(); // runId/startedEventId
  static final Set<String> completeDecisions200 = ConcurrentHashMap.newKeySet(); // workflowId
  static final ConcurrentLinkedQueue<String> clientErrors = new ConcurrentLinkedQueue<>();
  static final AtomicInteger failovers = new AtomicInteger();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster(3, "crash");
    for (int i = 0; i < 3; i++) {
      swf[i] = cluster.node(i).client(Duration.ofSeconds(8));
      once[i] = cluster.node(i).client(Duration.ofSeconds(8), false);
    }
    swf[0].registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
    swf[0].registerWorkflowType(
        r ->
            r.domain(DOMAIN)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("crash-dec"))
                .defaultExecutionStartToCloseTimeout("300")
                .defaultTaskStartToCloseTimeout("4")
                .defaultChildPolicy("TERMINATE"));
    swf[0].registerActivityType(
        r ->
            r.domain(DOMAIN)
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name("crash-work"))
                .defaultTaskScheduleToStartTimeout("20")
                .defaultTaskScheduleToCloseTimeout("30")
                .defaultTaskStartToCloseTimeout("4")
                .defaultTaskHeartbeatTimeout("NONE"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (SwfClient c : swf) if (c != null) c.close();
    for (SwfClient c : once) if (c != null) c.close();
    if (cluster != null) cluster.close();
  }

  /** Not answered by any node (all down, or the request was lost on the way). */
  static final class Unanswered extends RuntimeException {
    Unanswered(Throwable cause) {
      super(cause);
    }
  }

  /**
   * The load balancer: the next node in turn; a node that does not answer (connection refused or
   * broken, or a 5xx) is skipped when {@code failover} (the call is safe to repeat elsewhere).
   */
  static <T> T call(boolean failover, Function<SwfClient, T> f) {
    int first = roundRobin.getAndIncrement();
    Instant deadline = Instant.now().plusSeconds(40);
    for (int i = 0; ; i++) {
      try {
        return f.apply((failover ? swf : once)[Math.floorMod(first + i, 3)]);
      } catch (SdkClientException | SwfException | java.io.UncheckedIOException e) {
        // (the SDK's HTTP client sometimes reports a refused connection as an UncheckedIOException)
        if (e instanceof SwfException se && se.statusCode() < 500) throw e;
        // a refused connection never reached the node: safe to send elsewhere even when the call is
        // not
        if (!(failover || refused(e)) || Instant.now().isAfter(deadline)) throw new Unanswered(e);
        failovers.incrementAndGet();
        sleep(50);
      }
    }
  }

  static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause())
      if (t instanceof java.net.ConnectException) return true;
    return false;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  static void guarded(String who, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      clientErrors.add(who + " died: " + e);
    }
  }

  // ------------------------------------------------------------------ the clients

  static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.eventType() == type).count();
  }

  /**
   * Activity and a 2 s timer at once; complete when both are done; a lost (timed-out) activity is
   * scheduled again.
   */
  static List<Decision> decide(List<HistoryEvent> events) {
    long scheduled = count(events, EventType.ACTIVITY_TASK_SCHEDULED);
    long closedNotCompleted =
        count(events, EventType.ACTIVITY_TASK_TIMED_OUT)
            + count(events, EventType.ACTIVITY_TASK_FAILED);
    String result =
        events.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
            .findFirst()
            .map(e -> e.activityTaskCompletedEventAttributes().result())
            .orElse(null);
    List<Decision> out = new ArrayList<>();
    if (count(events, EventType.TIMER_STARTED) == 0) {
      out.add(
          Decision.builder()
              .decisionType(DecisionType.START_TIMER)
              .startTimerDecisionAttributes(t -> t.timerId("t1").startToFireTimeout("2"))
              .build());
    }
    if (result == null && scheduled == closedNotCompleted) {
      String id = "a" + (scheduled + 1);
      out.add(
          Decision.builder()
              .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
              .scheduleActivityTaskDecisionAttributes(
                  a -> a.activityId(id).activityType(t -> t.name("act").version("1")).input(id))
              .build());
    }
    if (result != null && count(events, EventType.TIMER_FIRED) > 0) {
      out.clear();
      out.add(
          Decision.builder()
              .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
              .completeWorkflowExecutionDecisionAttributes(c -> c.result(result))
              .build());
    }
    return out;
  }

  static void decider(AtomicBoolean stop) {
    while (!stop.get()) {
      PollForDecisionTaskResponse first;
      List<HistoryEvent> events = new ArrayList<>();
      try {
        first =
            call(
                true,
                c ->
                    c.pollForDecisionTask(
                        r -> r.domain(DOMAIN).taskList(t -> t.name("crash-dec"))));
        if (first.taskToken() == null) continue;
        events.addAll(first.events());
        String next = first.nextPageToken();
        while (next != null) {
          String page = next;
          PollForDecisionTaskResponse more =
              call(
                  true,
                  c ->
                      c.pollForDecisionTask(
                          r ->
                              r.domain(DOMAIN)
                                  .taskList(t -> t.name("crash-dec"))
                                  .nextPageToken(page)));
          events.addAll(more.events());
          next = more.nextPageToken();
        }
      } catch (Unanswered e) {
        continue; // a poll that died with its node: the task (if any) comes back by its timeout
      }
      List<Decision> decisions = decide(events);
      String runId = first.workflowExecution().runId();
      try {
        call(
            true,
            c ->
                c.respondDecisionTaskCompleted(
                    r -> r.taskToken(first.taskToken()).decisions(decisions)));
        decisionCompletions200.add(runId + "/" + first.startedEventId());
        if (!decisions.isEmpty()
            && decisions.get(0).decisionType() == DecisionType.COMPLETE_WORKFLOW_EXECUTION) {
          completeDecisions200.add(first.workflowExecution().workflowId());
        }
      } catch (UnknownResourceException | Unanswered e) {
        // timed out meanwhile, or taken by an earlier attempt that got through before its node died
      }
    }
  }

  static void worker(AtomicBoolean stop) {
    while (!stop.get()) {
      PollForActivityTaskResponse task;
      try {
        task =
            call(
                true,
                c ->
                    c.pollForActivityTask(
                        r -> r.domain(DOMAIN).taskList(t -> t.name("crash-work"))));
      } catch (Unanswered e) {
        continue;
      }
      if (task.taskToken() == null) continue;
      String key = task.workflowExecution().runId() + "/" + task.activityId();
      if (activityTasksHandedOut.putIfAbsent(key, 1) != null) duplicateHandOuts.incrementAndGet();
      sleep(ThreadLocalRandom.current().nextLong(50, 250));
      try {
        call(
            true,
            c ->
                c.respondActivityTaskCompleted(
                    r -> r.taskToken(task.taskToken()).result("done:" + task.activityId())));
        activityCompletions200.add(task.workflowExecution().runId() + "/" + task.startedEventId());
      } catch (UnknownResourceException | Unanswered e) {
        // timed out meanwhile, or an earlier attempt got through
      }
    }
  }

  /** Opened once the killed node is back: the last third of the workflows start only then. */
  static final java.util.concurrent.CountDownLatch restarted =
      new java.util.concurrent.CountDownLatch(1);

  static void starter() {
    for (int i = 0; i < WORKFLOWS; i++) {
      if (i == WORKFLOWS * 2 / 3) {
        try {
          restarted.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      String workflowId = "crash-" + i;
      try {
        String runId =
            call(
                    true,
                    c ->
                        c.startWorkflowExecution(
                            r ->
                                r.domain(DOMAIN)
                                    .workflowId(workflowId)
                                    .workflowType(t -> t.name("wf").version("1"))))
                .runId();
        started200.put(workflowId, runId);
      } catch (WorkflowExecutionAlreadyStartedException e) {
        startedAmbiguous.add(workflowId); // an attempt whose answer was lost had started it
      }
      try {
        call(
            false,
            c ->
                c.signalWorkflowExecution(
                    r ->
                        r.domain(DOMAIN)
                            .workflowId(workflowId)
                            .signalName("hello")
                            .input(workflowId)));
        signaled200.add(workflowId);
      } catch (Unanswered e) {
        signaledAmbiguous.add(workflowId); // not repeated: it may or may not have been recorded
      }
      sleep(100);
    }
  }

  // ------------------------------------------------------------------ the test

  @Test
  void everythingAcknowledgedSurvivesASigkilledNodeAndAllWorkflowsFinish() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newCachedThreadPool();
    Instant killedAt;
    Instant backAt;
    long restartMillis;
    long t0 = System.nanoTime();
    try {
      for (int i = 0; i < 6; i++) pool.execute(() -> guarded("decider", () -> decider(stop)));
      for (int i = 0; i < 6; i++) pool.execute(() -> guarded("worker", () -> worker(stop)));
      pool.execute(() -> guarded("starter", ClusterCrashTest::starter));

      await()
          .atMost(40, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> completeDecisions200.size() >= WORKFLOWS / 9);
      killedAt = Instant.now();
      cluster.node(VICTIM).kill(); // SIGKILL
      int completedBeforeCrash = completeDecisions200.size();
      // down long enough for timers armed through it to come due meanwhile
      sleep(3000);
      long restartStarted = System.nanoTime();
      cluster.node(VICTIM).launch();
      restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
      backAt = Instant.now();
      restarted.countDown();

      try {
        await()
            .atMost(60, TimeUnit.SECONDS)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    started200.size() + startedAmbiguous.size() + clientErrors.size() >= WORKFLOWS
                        && completeDecisions200.containsAll(started200.keySet())
                        && completeDecisions200.containsAll(startedAmbiguous));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "workflows did not finish; client errors " + clientErrors + "\n" + cluster.logs(), e);
      }
      System.out.printf(
          "cluster crash: %d workflows; node %d SIGKILLed after %d completed, down %d ms (restart took %d ms); "
              + "all done %d ms after it was back; %d calls failed over to another node; %d activity tasks handed out, "
              + "%d activity and %d decision completions answered 200; %d ambiguous starts, %d ambiguous signals; "
              + "total %d ms%n",
          WORKFLOWS,
          VICTIM,
          completedBeforeCrash,
          Duration.between(killedAt, backAt).toMillis(),
          restartMillis,
          Duration.between(backAt, Instant.now()).toMillis(),
          failovers.get(),
          activityTasksHandedOut.size(),
          activityCompletions200.size(),
          decisionCompletions200.size(),
          startedAmbiguous.size(),
          signaledAmbiguous.size(),
          (System.nanoTime() - t0) / 1_000_000);
    } finally {
      stop.set(true);
      restarted.countDown();
      pool.shutdown();
      pool.awaitTermination(20, TimeUnit.SECONDS);
    }

    assertThat(clientErrors).isEmpty();
    assertThat(duplicateHandOuts).hasValue(0);
    assertThat(started200.size() + startedAmbiguous.size()).isEqualTo(WORKFLOWS);

    Map<String, List<HistoryEvent>> histories = new HashMap<>(); // by workflowId
    for (int i = 0; i < WORKFLOWS; i++) {
      String workflowId = "crash-" + i;
      var closed =
          swf[2]
              .listClosedWorkflowExecutions(
                  r ->
                      r.domain(DOMAIN)
                          .executionFilter(f -> f.workflowId(workflowId))
                          .startTimeFilter(f -> f.oldestDate(Instant.now().minusSeconds(600))))
              .executionInfos();
      assertThat(closed).as(workflowId).hasSize(1); // started once, even when a start was retried
      WorkflowExecutionInfo info = closed.get(0);
      assertThat(info.closeStatusAsString()).as(workflowId).isEqualTo("COMPLETED");
      if (started200.containsKey(workflowId))
        assertThat(info.execution().runId()).isEqualTo(started200.get(workflowId));
      List<HistoryEvent> history = new ArrayList<>();
      swf[i % 3]
          .getWorkflowExecutionHistoryPaginator(r -> r.domain(DOMAIN).execution(info.execution()))
          .events()
          .forEach(history::add);
      histories.put(workflowId, history);
    }

    Set<String> activityCompletedInHistory = new HashSet<>();
    Set<String> decisionCompletedInHistory = new HashSet<>();
    int timersDueWhileDown = 0;
    long latestFiringOfThose = 0;
    for (Map.Entry<String, List<HistoryEvent>> h : histories.entrySet()) {
      String workflowId = h.getKey();
      List<HistoryEvent> events = h.getValue();
      for (int i = 0; i < events.size(); i++)
        assertThat(events.get(i).eventId()).as(workflowId).isEqualTo(i + 1L);
      Set<Long> startedScheduled = new HashSet<>();
      Map<Long, Instant> timerDue = new HashMap<>();
      for (HistoryEvent e : events) {
        switch (e.eventType()) {
          case ACTIVITY_TASK_STARTED ->
              assertThat(
                      startedScheduled.add(
                          e.activityTaskStartedEventAttributes().scheduledEventId()))
                  .as("activity of %s started twice", workflowId)
                  .isTrue();
          case ACTIVITY_TASK_COMPLETED ->
              activityCompletedInHistory.add(
                  workflowId + "/" + e.activityTaskCompletedEventAttributes().startedEventId());
          case DECISION_TASK_COMPLETED ->
              decisionCompletedInHistory.add(
                  workflowId + "/" + e.decisionTaskCompletedEventAttributes().startedEventId());
          case TIMER_STARTED -> timerDue.put(e.eventId(), e.eventTimestamp().plusSeconds(2));
          case TIMER_FIRED -> {
            Instant due = timerDue.get(e.timerFiredEventAttributes().startedEventId());
            if (due.isAfter(killedAt) && due.isBefore(backAt)) {
              timersDueWhileDown++;
              latestFiringOfThose =
                  Math.max(
                      latestFiringOfThose, Duration.between(due, e.eventTimestamp()).toMillis());
            }
          }
          default -> {}
        }
      }
      assertThat(count(events, EventType.TIMER_STARTED)).as(workflowId).isEqualTo(1);
      assertThat(count(events, EventType.TIMER_FIRED))
          .as("timer of %s fired once", workflowId)
          .isEqualTo(1);
      assertThat(count(events, EventType.ACTIVITY_TASK_COMPLETED)).as(workflowId).isEqualTo(1);
      long hellos = count(events, EventType.WORKFLOW_EXECUTION_SIGNALED);
      if (signaled200.contains(workflowId))
        assertThat(hellos).as("signal of %s", workflowId).isEqualTo(1);
      else assertThat(hellos).as("ambiguous signal of %s", workflowId).isLessThanOrEqualTo(1);
      HistoryEvent last = events.get(events.size() - 1);
      assertThat(last.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    }
    // every 200 is in a history (keys by workflowId: translate the runIds the clients saw)
    Map<String, String> workflowOfRun = new HashMap<>();
    for (Map.Entry<String, String> s : started200.entrySet())
      workflowOfRun.put(s.getValue(), s.getKey());
    for (String w : startedAmbiguous) {
      var info =
          swf[0]
              .listClosedWorkflowExecutions(
                  r ->
                      r.domain(DOMAIN)
                          .executionFilter(f -> f.workflowId(w))
                          .startTimeFilter(f -> f.oldestDate(Instant.now().minusSeconds(600))))
              .executionInfos()
              .get(0);
      workflowOfRun.put(info.execution().runId(), w);
    }
    for (String k : activityCompletions200) {
      int slash = k.lastIndexOf('/');
      assertThat(activityCompletedInHistory)
          .as("activity completion answered 200")
          .contains(workflowOfRun.get(k.substring(0, slash)) + k.substring(slash));
    }
    for (String k : decisionCompletions200) {
      int slash = k.lastIndexOf('/');
      assertThat(decisionCompletedInHistory)
          .as("decision completion answered 200")
          .contains(workflowOfRun.get(k.substring(0, slash)) + k.substring(slash));
    }
    System.out.printf(
        "cluster crash: %d timers came due while node %d was down; all fired once, the last %d ms after due%n",
        timersDueWhileDown, VICTIM, latestFiringOfThose);
    assertThat(timersDueWhileDown).as("timers due during the outage").isPositive();
  }
}
