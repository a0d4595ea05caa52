package io.swfd.executions.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.support.SwfdProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * swfd as a separate process ({@code swfd serve}), SIGKILLed while deciders and activity workers
 * are busy, then restarted on the same data directory and port. Everything the server acknowledged
 * with a 200 must survive, nothing may be handed out twice, and the workflows must all finish once
 * the clients carry on (tasks whose start was lost with the process come back through their
 * timeouts).
 */
class CrashRecoveryTest {
  static final int WORKFLOWS = 30;
  static final String DOMAIN = "crash";
  static final String DECISIONS = "crash-decisions";
  static final String ACTIVITIES = "crash-activities";
  static final String DECISION_STRAGGLER = "crash-wf-1";
  static final String ACTIVITY_STRAGGLER = "crash-wf-2";

  /**
   * Workflows whose first decision task / first activity task the clients drop: only a timeout
   * brings them back.
   */
  static final String ABANDONED_DECISION = "crash-wf-3";

  static final String ABANDONED_ACTIVITY = "crash-wf-4";
  static final AtomicBoolean abandonedDecision = new AtomicBoolean();
  static final AtomicBoolean abandonedActivity = new AtomicBoolean();

  static Path dataDir;
  static String classPath;
  static Path logFile;
  static int port;
  static volatile Process server;
  static SwfClient swf;

  // --- what the clients observed ---
  /** workflowId -> runId, for every StartWorkflowExecution that returned 200. */
  static final Map<String, String> started200 = new ConcurrentHashMap<>();

  /**
   * workflowIds whose start was ambiguous (failed in transit) and later reported as already
   * started.
   */
  static final Set<String> startedAmbiguous = ConcurrentHashMap.newKeySet();

  /** Every activity task a poll handed out: runId + "/" + startedEventId -> activityId. */
  static final Map<String, String> activityTasksHandedOut = new ConcurrentHashMap<>();

  static final AtomicInteger duplicateHandOuts = new AtomicInteger();

  /** runId + "/" + startedEventId of every RespondActivityTaskCompleted that returned 200. */
  static final Set<String> activityCompletions200 = ConcurrentHashMap.newKeySet();

  /** runId + "/" + startedEventId of every RespondDecisionTaskCompleted that returned 200. */
  static final Set<String> decisionCompletions200 = ConcurrentHashMap.newKeySet();

  static final Set<String> completeDecisions200 = ConcurrentHashMap.newKeySet();
  static final AtomicInteger preCrashTokensUsedAfterRestart = new AtomicInteger();
  static final AtomicInteger responsesRejectedAsUnknown = new AtomicInteger();

  /**
   * "decision:" or "activity:" + runId/startedEventId of every answer rejected with UnknownResource
   * -> what and when; "in doubt" when an earlier attempt of the same call broke in transit (it may
   * have been applied: then the rejection is the answer to a repeat).
   */
  static final Map<String, String> rejectedAsUnknown = new ConcurrentHashMap<>();

  static volatile long killedAtNanos;
  static volatile long healthyAgainAtNanos;
  static final ConcurrentLinkedQueue<String> clientErrors = new ConcurrentLinkedQueue<>();

  /**
   * Set once the restarted server is healthy: the stragglers then answer with their pre-crash
   * tokens.
   */
  static final java.util.concurrent.CountDownLatch restarted =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * The two tasks deliberately held across the crash: "decision" / "activity" -> answered with 200.
   */
  static final Map<String, Boolean> stragglers = new ConcurrentHashMap<>();

  /**
   * Incremented when the server is killed: a task polled in epoch 0 and answered in epoch 1 crossed
   * the crash.
   */
  static final AtomicInteger epoch = new AtomicInteger();

  @BeforeAll
  static void startServer() throws Exception {
    dataDir = Files.createTempDirectory("swfd-crash");
    logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    classPath =
        io.swfd.support.TestClassPath.snapshot(
            dataDir.resolveSibling(dataDir.getFileName() + "-classes"));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    launch();
    swf =
        SwfClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCRASH", "secret")))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .socketTimeout(Duration.ofSeconds(10))
                    .connectionTimeout(Duration.ofSeconds(2))
                    .build())
            // no SDK retries: the loops below retry, and so know which calls may have reached the
            // server
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(10)))
            .build();
    swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(DOMAIN)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name(DECISIONS))
                .defaultExecutionStartToCloseTimeout("300")
                .defaultTaskStartToCloseTimeout("5")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain(DOMAIN)
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name(ACTIVITIES))
                .defaultTaskScheduleToStartTimeout("5")
                .defaultTaskStartToCloseTimeout("5")
                .defaultTaskScheduleToCloseTimeout("20")
                .defaultTaskHeartbeatTimeout("4"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (swf != null) swf.close();
    Process p = server;
    if (p != null) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    // the server's log stays next to them for a look after a failure
    deleteRecursively(dataDir.resolveSibling(dataDir.getFileName() + "-classes"));
    deleteRecursively(dataDir);
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var files = Files.walk(root)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList())
        Files.deleteIfExists(f);
    }
  }

  /**
   * {@code java -cp <test classpath> io.swfd.server.Main serve ...}; returns once GET /health
   * answers 200.
   */
  static void launch() throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      // C1 only and the serial collector: a much faster start on a busy machine (the restart is on
      // the clock)
      Process p =
          SwfdProcess.start(
              classPath,
              List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
              List.of(
                  "--port",
                  String.valueOf(port),
                  "--data-dir",
                  dataDir.toString(),
                  "--poll-timeout",
                  "2"),
              logFile);
      server = p;
      Duration left = Duration.between(Instant.now(), deadline);
      if (!left.isNegative() && SwfdProcess.awaitHealthy(p, port, logFile, left)) return;
      if (Instant.now().isAfter(deadline)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "swfd did not become healthy; log:\n" + Files.readString(logFile));
      }
      // exited early (e.g. `serve` not there yet, or the port still held): retry for a while
      Thread.sleep(500);
    }
  }

  /**
   * Calls {@code call} until the server answers: transport failures (server down) are retried; a
   * fault the server returned is final. Returns null if the server said the resource is unknown
   * (task already closed).
   */
  static <T> T untilAnswered(String what, String task, long polledAtNanos, Supplier<T> call) {
    Instant deadline = Instant.now().plusSeconds(45);
    boolean inDoubt = false;
    while (true) {
      try {
        return call.get();
      } catch (UnknownResourceException e) {
        responsesRejectedAsUnknown.incrementAndGet();
        rejectedAsUnknown.put(
            task,
            what
                + " "
                + (System.nanoTime() - polledAtNanos) / 1_000_000
                + " ms after the poll ("
                + (killedAtNanos == 0 || polledAtNanos > killedAtNanos
                    ? "polled after the crash"
                    : "polled before the crash")
                + (inDoubt ? ", in doubt" : "")
                + "): "
                + e.awsErrorDetails().errorMessage());
        return null;
      } catch (SdkClientException | SwfException e) {
        if (e instanceof SwfException se && se.statusCode() < 500) throw e;
        inDoubt = true;
        if (Instant.now().isAfter(deadline)) {
          clientErrors.add(what + ": " + e);
          throw e;
        }
        sleep(200);
      }
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  // --- the clients ---

  static void guarded(String who, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      clientErrors.add(who + " died: " + e);
    }
  }

  static void decide(AtomicBoolean stop) {
    while (!stop.get()) {
      PollForDecisionTaskResponse first;
      List<HistoryEvent> events = new ArrayList<>();
      int polledIn = epoch.get();
      try {
        first =
            swf.pollForDecisionTask(
                r -> r.domain(DOMAIN).taskList(t -> t.name(DECISIONS)).identity("decider"));
        if (first.taskToken() == null) continue;
        events.addAll(first.events());
        String next = first.nextPageToken();
        while (next != null) {
          String page = next;
          PollForDecisionTaskResponse more =
              swf.pollForDecisionTask(
                  r -> r.domain(DOMAIN).taskList(t -> t.name(DECISIONS)).nextPageToken(page));
          events.addAll(more.events());
          next = more.nextPageToken();
        }
      } catch (SdkClientException | SwfException e) {
        if (e instanceof SwfException se && se.statusCode() < 500)
          clientErrors.add("decision poll: " + e);
        sleep(200); // server down: poll again
        continue;
      }
      if (first.workflowExecution().workflowId().equals(ABANDONED_DECISION)
          && abandonedDecision.compareAndSet(false, true)) {
        continue; // a decider that took the task and died
      }
      long polledAt = System.nanoTime();
      List<Decision> decisions = decisionsFor(events);
      boolean straggler =
          first.workflowExecution().workflowId().equals(DECISION_STRAGGLER)
              && first.previousStartedEventId() == 0;
      if (straggler) awaitRestart();
      boolean completes =
          !decisions.isEmpty()
              && decisions.get(0).decisionType() == DecisionType.COMPLETE_WORKFLOW_EXECUTION;
      String runId = first.workflowExecution().runId();
      Object ok =
          untilAnswered(
              "RespondDecisionTaskCompleted",
              "decision:" + runId + "/" + first.startedEventId(),
              polledAt,
              () ->
                  swf.respondDecisionTaskCompleted(
                      r -> r.taskToken(first.taskToken()).decisions(decisions)));
      if (ok != null) {
        decisionCompletions200.add(runId + "/" + first.startedEventId());
        if (completes) completeDecisions200.add(first.workflowExecution().workflowId());
        if (polledIn != epoch.get()) preCrashTokensUsedAfterRestart.incrementAndGet();
      }
      if (straggler) stragglers.put("decision", ok != null && polledIn != epoch.get());
    }
  }

  /** Complete once an activity completed; otherwise (re)schedule one unless one is open. */
  static List<Decision> decisionsFor(List<HistoryEvent> events) {
    boolean longTimeouts =
        events.get(0).workflowExecutionStartedEventAttributes().input().equals(ACTIVITY_STRAGGLER);
    Map<Long, String> scheduled = new HashMap<>();
    Set<Long> closed = new HashSet<>();
    String result = null;
    for (HistoryEvent e : events) {
      switch (e.eventType()) {
        case ACTIVITY_TASK_SCHEDULED ->
            scheduled.put(e.eventId(), e.activityTaskScheduledEventAttributes().activityId());
        case ACTIVITY_TASK_COMPLETED -> {
          closed.add(e.activityTaskCompletedEventAttributes().scheduledEventId());
          result = e.activityTaskCompletedEventAttributes().result();
        }
        case ACTIVITY_TASK_FAILED ->
            closed.add(e.activityTaskFailedEventAttributes().scheduledEventId());
        case ACTIVITY_TASK_TIMED_OUT ->
            closed.add(e.activityTaskTimedOutEventAttributes().scheduledEventId());
        case ACTIVITY_TASK_CANCELED ->
            closed.add(e.activityTaskCanceledEventAttributes().scheduledEventId());
        default -> {}
      }
    }
    if (result != null) {
      String r = result;
      return List.of(
          Decision.builder()
              .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
              .completeWorkflowExecutionDecisionAttributes(c -> c.result(r))
              .build());
    }
    if (!closed.containsAll(scheduled.keySet())) return List.of();
    String activityId = "a" + (scheduled.size() + 1);
    return List.of(
        Decision.builder()
            .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
            .scheduleActivityTaskDecisionAttributes(
                a -> {
                  a.activityId(activityId)
                      .activityType(t -> t.name("act").version("1"))
                      .input(activityId);
                  // the task held across the crash must outlive the restart
                  if (longTimeouts)
                    a.startToCloseTimeout("60").heartbeatTimeout("60").scheduleToCloseTimeout("90");
                })
            .build());
  }

  static void work(AtomicBoolean stop) {
    while (!stop.get()) {
      PollForActivityTaskResponse task;
      int polledIn = epoch.get();
      try {
        task =
            swf.pollForActivityTask(
                r -> r.domain(DOMAIN).taskList(t -> t.name(ACTIVITIES)).identity("worker"));
      } catch (SdkClientException | SwfException e) {
        if (e instanceof SwfException se && se.statusCode() < 500)
          clientErrors.add("activity poll: " + e);
        sleep(200);
        continue;
      }
      if (task.taskToken() == null) continue;
      long polledAt = System.nanoTime();
      String key = task.workflowExecution().runId() + "/" + task.startedEventId();
      if (activityTasksHandedOut.putIfAbsent(key, task.activityId()) != null)
        duplicateHandOuts.incrementAndGet();
      if (task.workflowExecution().workflowId().equals(ABANDONED_ACTIVITY)
          && abandonedActivity.compareAndSet(false, true)) {
        continue; // a worker that took the task and died
      }
      boolean straggler =
          task.workflowExecution().workflowId().equals(ACTIVITY_STRAGGLER)
              && task.activityId().equals("a1");
      if (straggler) awaitRestart();

      Object beat =
          untilAnswered(
              "RecordActivityTaskHeartbeat",
              "activity:" + key,
              polledAt,
              () ->
                  swf.recordActivityTaskHeartbeat(
                      r -> r.taskToken(task.taskToken()).details("working")));
      if (beat == null) { // timed out meanwhile
        if (straggler) stragglers.put("activity", false);
        continue;
      }
      sleep(ThreadLocalRandom.current().nextLong(200, 600));
      String result = "done:" + task.activityId();
      Object ok =
          untilAnswered(
              "RespondActivityTaskCompleted",
              "activity:" + key,
              polledAt,
              () ->
                  swf.respondActivityTaskCompleted(
                      r -> r.taskToken(task.taskToken()).result(result)));
      if (ok != null) {
        activityCompletions200.add(key);
        if (polledIn != epoch.get()) preCrashTokensUsedAfterRestart.incrementAndGet();
      }
      if (straggler) stragglers.put("activity", ok != null && polledIn != epoch.get());
    }
  }

  static void startAll() {
    for (int i = 0; i < WORKFLOWS; i++) {
      String workflowId = "crash-wf-" + i;
      Instant deadline = Instant.now().plusSeconds(45);
      while (true) {
        try {
          String runId =
              swf.startWorkflowExecution(
                      r -> {
                        r.domain(DOMAIN)
                            .workflowId(workflowId)
                            .workflowType(t -> t.name("wf").version("1"))
                            .input(workflowId);
                        if (workflowId.equals(DECISION_STRAGGLER)) r.taskStartToCloseTimeout("60");
                      })
                  .runId();
          started200.put(workflowId, runId);
          break;
        } catch (WorkflowExecutionAlreadyStartedException e) {
          startedAmbiguous.add(
              workflowId); // an earlier attempt got through before the connection broke
          break;
        } catch (SdkClientException | SwfException e) {
          if ((e instanceof SwfException se && se.statusCode() < 500)
              || Instant.now().isAfter(deadline)) {
            clientErrors.add("start " + workflowId + ": " + e);
            break;
          }
          sleep(200);
        }
      }
      sleep(50);
    }
  }

  /**
   * The histories of the workflows that have not completed, the client errors and the server's log.
   */
  static String diagnose() {
    StringBuilder b =
        new StringBuilder(
            "\nclient errors: " + clientErrors + "\nstragglers: " + stragglers + "\n");
    for (Map.Entry<String, String> run : started200.entrySet()) {
      if (completeDecisions200.contains(run.getKey())) continue;
      b.append(run.getKey()).append(' ').append(run.getValue()).append(":\n");
      try {
        swf.getWorkflowExecutionHistoryPaginator(
                r ->
                    r.domain(DOMAIN)
                        .execution(e -> e.workflowId(run.getKey()).runId(run.getValue())))
            .events()
            .forEach(
                e ->
                    b.append("  ")
                        .append(e.eventId())
                        .append(' ')
                        .append(e.eventTypeAsString())
                        .append(' ')
                        .append(e.eventTimestamp())
                        .append('\n'));
      } catch (RuntimeException e) {
        b.append("  (history: ").append(e).append(")\n");
      }
    }
    try {
      b.append("server log:\n").append(Files.readString(logFile));
    } catch (IOException e) {
      b.append(e);
    }
    return b.toString();
  }

  static void awaitRestart() {
    try {
      restarted.await(40, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void everythingAcknowledgedSurvivesASigkillAndAllWorkflowsFinish() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      for (int i = 0; i < 4; i++) pool.execute(() -> guarded("decider", () -> decide(stop)));
      for (int i = 0; i < 4; i++) pool.execute(() -> guarded("worker", () -> work(stop)));
      pool.execute(() -> guarded("starter", CrashRecoveryTest::startAll));

      await()
          .atMost(30, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> completeDecisions200.size() >= WORKFLOWS / 3);
      epoch.incrementAndGet();
      killedAtNanos = System.nanoTime();
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
      int completedBeforeCrash = completeDecisions200.size();
      sleep(300); // let the clients notice
      launch(); // same data dir, same port
      healthyAgainAtNanos = System.nanoTime();
      restarted.countDown();

      try {
        await()
            .atMost(40, TimeUnit.SECONDS)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    started200.size() + startedAmbiguous.size() + clientErrors.size() >= WORKFLOWS
                        && completeDecisions200.containsAll(started200.keySet())
                        && completeDecisions200.containsAll(startedAmbiguous));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("workflows did not finish: " + diagnose(), e);
      }
      stop.set(true);
      System.out.printf(
          "crash test: restart took %d ms, all workflows done %d ms after the restart%n",
          (healthyAgainAtNanos - killedAtNanos) / 1_000_000,
          (System.nanoTime() - healthyAgainAtNanos) / 1_000_000);
      rejectedAsUnknown.forEach(
          (task, why) -> System.out.println("crash test: rejected " + task + ": " + why));

      System.out.printf(
          "crash test: %d started (200), %d ambiguous starts, %d completed before the crash, "
              + "%d activity tasks handed out, %d activity completions (200), %d decision completions (200), "
              + "%d responses with pre-crash tokens accepted after restart, %d responses rejected as unknown%n",
          started200.size(),
          startedAmbiguous.size(),
          completedBeforeCrash,
          activityTasksHandedOut.size(),
          activityCompletions200.size(),
          decisionCompletions200.size(),
          preCrashTokensUsedAfterRestart.get(),
          responsesRejectedAsUnknown.get());
    } finally {
      stop.set(true);
      restarted.countDown();
      pool.shutdown();
      pool.awaitTermination(15, TimeUnit.SECONDS);
    }

    assertThat(clientErrors).isEmpty();
    assertThat(duplicateHandOuts).hasValue(0);
    // a decision task and an activity task taken before the SIGKILL, still open, answered after the
    // restart
    assertThat(stragglers).containsEntry("decision", true).containsEntry("activity", true);
    assertThat(started200.size() + startedAmbiguous.size()).isEqualTo(WORKFLOWS);

    Map<String, List<HistoryEvent>> histories = new HashMap<>();
    for (Map.Entry<String, String> run : started200.entrySet()) {
      WorkflowExecutionInfo info =
          swf.describeWorkflowExecution(
                  r ->
                      r.domain(DOMAIN)
                          .execution(e -> e.workflowId(run.getKey()).runId(run.getValue())))
              .executionInfo();
      assertThat(info.executionStatus()).as(run.getKey()).isEqualTo(ExecutionStatus.CLOSED);
      assertThat(info.closeStatusAsString()).as(run.getKey()).isEqualTo("COMPLETED");
      List<HistoryEvent> history = new ArrayList<>();
      swf.getWorkflowExecutionHistoryPaginator(
              r ->
                  r.domain(DOMAIN).execution(e -> e.workflowId(run.getKey()).runId(run.getValue())))
          .events()
          .forEach(history::add);
      histories.put(run.getValue(), history);
    }
    for (String workflowId : startedAmbiguous) {
      var closed =
          swf.listClosedWorkflowExecutions(
                  r ->
                      r.domain(DOMAIN)
                          .executionFilter(f -> f.workflowId(workflowId))
                          .startTimeFilter(f -> f.oldestDate(Instant.now().minusSeconds(600))))
              .executionInfos();
      assertThat(closed).as(workflowId).hasSize(1);
      assertThat(closed.get(0).closeStatusAsString()).isEqualTo("COMPLETED");
      String runId = closed.get(0).execution().runId();
      List<HistoryEvent> history = new ArrayList<>();
      swf.getWorkflowExecutionHistoryPaginator(
              r -> r.domain(DOMAIN).execution(e -> e.workflowId(workflowId).runId(runId)))
          .events()
          .forEach(history::add);
      histories.put(runId, history);
    }

    Set<String> startedInHistory = new HashSet<>();
    Set<String> activityCompletedInHistory = new HashSet<>();
    Set<String> decisionCompletedInHistory = new HashSet<>();
    for (Map.Entry<String, List<HistoryEvent>> h : histories.entrySet()) {
      String runId = h.getKey();
      List<HistoryEvent> events = h.getValue();
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).eventId()).as("event ids of %s", runId).isEqualTo(i + 1L);
      }
      Map<Long, HistoryEvent> byId = new HashMap<>();
      events.forEach(e -> byId.put(e.eventId(), e));
      Set<Long> startedScheduledIds = new HashSet<>();
      for (HistoryEvent e : events) {
        switch (e.eventType()) {
          case ACTIVITY_TASK_STARTED -> {
            long sched = e.activityTaskStartedEventAttributes().scheduledEventId();
            assertThat(byId.get(sched).eventType()).isEqualTo(EventType.ACTIVITY_TASK_SCHEDULED);
            assertThat(startedScheduledIds.add(sched))
                .as("activity %s of %s started twice", sched, runId)
                .isTrue();
            startedInHistory.add(runId + "/" + e.eventId());
          }
          case ACTIVITY_TASK_COMPLETED ->
              activityCompletedInHistory.add(
                  runId + "/" + e.activityTaskCompletedEventAttributes().startedEventId());
          case DECISION_TASK_COMPLETED ->
              decisionCompletedInHistory.add(
                  runId + "/" + e.decisionTaskCompletedEventAttributes().startedEventId());
          default -> {}
        }
      }
      assertThat(events.stream().filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED))
          .as(runId)
          .hasSize(1);
      HistoryEvent last = events.get(events.size() - 1);
      assertThat(last.eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
      String result =
          events.stream()
              .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
              .findFirst()
              .orElseThrow()
              .activityTaskCompletedEventAttributes()
              .result();
      assertThat(last.workflowExecutionCompletedEventAttributes().result()).isEqualTo(result);
    }
    // the dropped tasks came back through their timeouts (armed before the crash, due during or
    // after it)
    // (a slow restart may time out later tasks of these workflows too: only the first timeout is
    // certain)
    List<HistoryEvent> abandonedDecision = histories.get(started200.get(ABANDONED_DECISION));
    assertThat(abandonedDecision)
        .filteredOn(e -> e.eventType() == EventType.DECISION_TASK_TIMED_OUT)
        .first()
        .satisfies(
            e -> {
              assertThat(e.decisionTaskTimedOutEventAttributes().startedEventId()).isEqualTo(3L);
              assertThat(e.decisionTaskTimedOutEventAttributes().timeoutTypeAsString())
                  .isEqualTo("START_TO_CLOSE");
            });
    // (no heartbeat within the type's 4 s heartbeat timeout, which is shorter than its 5 s
    // start-to-close)
    List<HistoryEvent> abandonedActivity = histories.get(started200.get(ABANDONED_ACTIVITY));
    long firstScheduled =
        abandonedActivity.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
            .findFirst()
            .orElseThrow()
            .eventId();
    assertThat(abandonedActivity)
        .filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT)
        .first()
        .satisfies(
            e -> {
              assertThat(e.activityTaskTimedOutEventAttributes().scheduledEventId())
                  .isEqualTo(firstScheduled);
              assertThat(e.activityTaskTimedOutEventAttributes().timeoutTypeAsString())
                  .isEqualTo("HEARTBEAT");
            });
    assertThat(abandonedActivity)
        .filteredOn(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
        .hasSizeGreaterThan(1);
    // an answer was only ever refused because its task had really timed out meanwhile
    Set<String> timedOutInHistory = new HashSet<>();
    histories.forEach(
        (runId, events) ->
            events.forEach(
                e -> {
                  if (e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT) {
                    timedOutInHistory.add(
                        "activity:"
                            + runId
                            + "/"
                            + e.activityTaskTimedOutEventAttributes().startedEventId());
                  } else if (e.eventType() == EventType.DECISION_TASK_TIMED_OUT) {
                    timedOutInHistory.add(
                        "decision:"
                            + runId
                            + "/"
                            + e.decisionTaskTimedOutEventAttributes().startedEventId());
                  }
                }));
    rejectedAsUnknown.forEach(
        (task, why) -> {
          String runTask = task.substring(task.indexOf(':') + 1);
          boolean completed =
              task.startsWith("activity:")
                  ? activityCompletedInHistory.contains(runTask)
                  : decisionCompletedInHistory.contains(runTask);
          // refused because the task timed out, or because an earlier attempt that broke in transit
          // had completed it
          assertThat(timedOutInHistory.contains(task) || (why.contains("in doubt") && completed))
              .as(task + ": " + why)
              .isTrue();
        });
    // every activity task a poll handed out was recorded as started (the start was durable before
    // the answer)
    assertThat(startedInHistory).containsAll(activityTasksHandedOut.keySet());
    // every acknowledged completion is in the history
    assertThat(activityCompletedInHistory).containsAll(activityCompletions200);
    assertThat(decisionCompletedInHistory).containsAll(decisionCompletions200);
  }
}
