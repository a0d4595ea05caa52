package io.swfd.cluster;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicLong;
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
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionAlreadyStartedException;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * The fail-over ledger: load through AWS SDK v2 clients spread over several swfd endpoints, with a
 * record of every call a node acknowledged (HTTP 200) and of every task handed out, checked against
 * the histories afterwards ({@link #verify}): every acknowledged start, signal, task completion and
 * heartbeat is in place, nothing is in a history twice, and no task was handed to two pollers.
 *
 * <p>The SDK's own retries are off: the load balances itself (round-robin, leaving an endpoint that
 * refused, broke or timed out a call out for 2 s, as a load balancer's health check would), and
 * repeats a call that was not answered (connection refused or broken, a timeout, a 5xx) on the next
 * endpoint, each attempt of a signal or a heartbeat with details of its own, so that an attempt
 * whose answer was lost but which went through is told apart from a duplicate. The workload: each
 * workflow is started, then signalled; its decider schedules one activity at a time until one
 * completes (the first activity of every {@code abandonEvery}-th workflow is abandoned by its
 * worker after two heartbeats, so that its heartbeat timeout shows the last heartbeat details the
 * store kept), then completes the workflow once the activity completed and a signal arrived. Probe
 * workflows (nobody decides them) take a signal through any node; {@link #probeAll} measures how
 * soon all of them answer again after a fault.
 */
final class LedgerLoad implements AutoCloseable {
  static final String DECISIONS = "ledger-decisions";
  static final String ACTIVITIES = "ledger-activities";
  static final String PROBES = "ledger-probes";
  static final int HEARTBEAT_TIMEOUT_SECONDS = 4;

  final String domain;
  private final List<SwfClient> clients = new ArrayList<>();
  private final List<SwfClient> pollClients = new ArrayList<>();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLongArray downUntil;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean stopWorkers = new AtomicBoolean();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final int abandonEvery;
  final Ledger ledger = new Ledger();

  /** What the clients saw. */
  static final class Ledger {
    final Map<String, String> started = new ConcurrentHashMap<>(); // workflowId -> runId
    final Set<String> startAmbiguous = ConcurrentHashMap.newKeySet();
    final Map<String, Set<String>> signalsTried = new ConcurrentHashMap<>(); // workflowId -> inputs
    final Map<String, Set<String>> signalsAcked = new ConcurrentHashMap<>();
    // runId|D or A|startedEventId -> times handed out
    final Map<String, Integer> handedOut = new ConcurrentHashMap<>();
    final Map<String, String> activityCompletionsAcked =
        new ConcurrentHashMap<>(); // runId|startedEventId -> result
    final Set<String> decisionCompletionsAcked =
        ConcurrentHashMap.newKeySet(); // runId|startedEventId
    final Set<String> workflowsCompletedAcked = ConcurrentHashMap.newKeySet(); // workflowId
    // runId|startedEventId -> the heartbeat details tried, in order, and the index of the last
    // acked
    final Map<String, List<String>> heartbeatsTried = new ConcurrentHashMap<>();
    final Map<String, Integer> lastHeartbeatAcked = new ConcurrentHashMap<>();
    final AtomicLong answered503 = new AtomicLong();
    final AtomicLong answered500 = new AtomicLong();
    final AtomicLong otherFailures = new AtomicLong(); // refused, broken, timed out
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> completionAckNanos = new ConcurrentLinkedQueue<>();

    int acknowledgedCalls() {
      int signals = signalsAcked.values().stream().mapToInt(Set::size).sum();
      int beats = lastHeartbeatAcked.values().stream().mapToInt(i -> i + 1).sum();
      return started.size()
          + signals
          + activityCompletionsAcked.size()
          + decisionCompletionsAcked.size()
          + beats;
    }
  }

  /** A call no endpoint answered before the load stopped or within a minute and a half. */
  static final class Unanswered extends RuntimeException {
    Unanswered(Throwable cause) {
      super(cause);
    }
  }

  interface Attempt<T> {
    T run(SwfClient client, int attempt);
  }

  LedgerLoad(List<URI> endpoints, String domain, int abandonEvery) {
    this.domain = domain;
    this.abandonEvery = abandonEvery;
    this.downUntil = new java.util.concurrent.atomic.AtomicLongArray(endpoints.size());
    long now = System.nanoTime();
    for (int i = 0; i < endpoints.size(); i++) downUntil.set(i, now);
    for (URI e : endpoints) {
      clients.add(client(e, Duration.ofSeconds(4)));
      pollClients.add(client(e, Duration.ofSeconds(8)));
    }
  }

  static SwfClient client(URI endpoint, Duration timeout) {
    return SwfClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLEDGER", "secret")))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .socketTimeout(timeout)
                .connectionTimeout(Duration.ofSeconds(2))
                .build())
        .overrideConfiguration(
            o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallAttemptTimeout(timeout))
        .build();
  }

  /** Registers the domain and the types (through whichever endpoint answers). */
  void register() {
    call(
        false,
        (c, a) -> {
          try {
            c.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));
          } catch (software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException e) {
            // an earlier attempt got through
          }
          return null;
        });
    for (String type : List.of("wf", "probe")) {
      call(
          false,
          (c, a) -> {
            try {
              c.registerWorkflowType(
                  r ->
                      r.domain(domain)
                          .name(type)
                          .version("1")
                          .defaultTaskList(t -> t.name(type.equals("wf") ? DECISIONS : PROBES))
                          .defaultExecutionStartToCloseTimeout("900")
                          .defaultTaskStartToCloseTimeout("10")
                          .defaultChildPolicy("TERMINATE"));
            } catch (software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException e) {
              // an earlier attempt got through
            }
            return null;
          });
    }
    call(
        false,
        (c, a) -> {
          try {
            c.registerActivityType(
                r ->
                    r.domain(domain)
                        .name("act")
                        .version("1")
                        .defaultTaskList(t -> t.name(ACTIVITIES))
                        .defaultTaskScheduleToStartTimeout("120")
                        .defaultTaskScheduleToCloseTimeout("300")
                        .defaultTaskStartToCloseTimeout("20")
                        .defaultTaskHeartbeatTimeout(String.valueOf(HEARTBEAT_TIMEOUT_SECONDS)));
          } catch (software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException e) {
            // an earlier attempt got through
          }
          return null;
        });
  }

  // ------------------------------------------------------------------ calls

  /**
   * Runs {@code attempt} on the next endpoint in turn until one answers; an SWF fault (4xx) is
   * thrown as it is; anything else is counted and repeated on the next endpoint.
   */
  <T> T call(boolean poll, Attempt<T> attempt) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    List<SwfClient> cs = poll ? pollClients : clients;
    RuntimeException last = null;
    for (int i = 0; ; i++) {
      int e = endpoint();
      SwfClient c = cs.get(e);
      try {
        return attempt.run(c, i);
      } catch (SwfException ex) {
        if (ex.statusCode() < 500) throw ex;
        if (ex.statusCode() == 503) ledger.answered503.incrementAndGet();
        else {
          ledger.answered500.incrementAndGet();
          ledger.problems.add("a " + ex.statusCode() + " answer: " + ex.getMessage());
        }
        last = ex;
      } catch (SdkClientException | UncheckedIOException ex) {
        // refused, broken, timed out (the SDK's HTTP client reports some refusals unchecked): as a
        // load balancer's health check would, leave the endpoint out for a while
        ledger.otherFailures.incrementAndGet();
        downUntil.set(e, System.nanoTime() + DOWN_NANOS);
        last = ex;
      }
      if (closing.get() || System.nanoTime() > deadline) throw new Unanswered(last);
      sleep(i < 3 ? 50 : 200);
    }
  }

  private static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** The next endpoint in turn that has not failed in the last 2 s (any, if all have). */
  private int endpoint() {
    int n = clients.size();
    int first = Math.floorMod(roundRobin.getAndIncrement(), n);
    long now = System.nanoTime();
    for (int k = 0; k < n; k++) {
      int e = (first + k) % n;
      if (downUntil.get(e) - now <= 0) return e;
    }
    return first;
  }

  // ------------------------------------------------------------------ the load

  /** Starts {@code deciders} decider and {@code workers} worker threads. */
  void startWorkers(int deciders, int workers) {
    for (int i = 0; i < deciders; i++) pool.execute(() -> guarded("decider", this::decider));
    for (int i = 0; i < workers; i++) pool.execute(() -> guarded("worker", this::worker));
  }

  /**
   * Starts {@code count} workflows {@code prefix}0, 1, ... one after the other, each followed by a
   * signal, pausing {@code pause} between them; returns at once.
   */
  java.util.concurrent.Future<?> startWorkflows(String prefix, int count, Duration pause) {
    return pool.submit(
        () ->
            guarded(
                "starter",
                () -> {
                  for (int i = 0; i < count && !closing.get(); i++) {
                    String id = prefix + i;
                    start(id, "wf", abandonEvery > 0 && i % abandonEvery == 0);
                    signal(id);
                    sleep(pause.toMillis());
                  }
                }));
  }

  /** Starts a workflow; ledgers its run (or, when an earlier attempt got through, that it is). */
  void start(String workflowId, String type, boolean abandonFirstActivity) {
    String runId =
        call(
            false,
            (c, attempt) -> {
              try {
                return c.startWorkflowExecution(
                        r ->
                            r.domain(domain)
                                .workflowId(workflowId)
                                .workflowType(t -> t.name(type).version("1"))
                                .input(abandonFirstActivity ? "abandon" : "work"))
                    .runId();
              } catch (WorkflowExecutionAlreadyStartedException e) {
                if (attempt == 0) throw e;
                return ""; // an earlier attempt whose answer was lost started it
              }
            });
    if (runId.isEmpty()) ledger.startAmbiguous.add(workflowId);
    else ledger.started.put(workflowId, runId);
  }

  /** Signals a workflow until one attempt is acknowledged; each attempt has its own input. */
  void signal(String workflowId) {
    try {
      call(
          false,
          (c, attempt) -> {
            String input = workflowId + "/signal-" + attempt;
            ledger
                .signalsTried
                .computeIfAbsent(workflowId, k -> ConcurrentHashMap.newKeySet())
                .add(input);
            c.signalWorkflowExecution(
                r -> r.domain(domain).workflowId(workflowId).signalName("ledger").input(input));
            ledger
                .signalsAcked
                .computeIfAbsent(workflowId, k -> ConcurrentHashMap.newKeySet())
                .add(input);
            return null;
          });
    } catch (Unanswered e) {
      // every attempt stays in signalsTried: each may or may not be in the history, once at most
    }
  }

  private void guarded(String who, Runnable r) {
    try {
      r.run();
    } catch (Unanswered e) {
      if (!closing.get())
        ledger.problems.add(who + ": a call went unanswered for 90 s: " + e.getCause());
    } catch (RuntimeException | Error e) {
      if (!closing.get()) ledger.problems.add(who + " died: " + e);
    }
  }

  private void handedOut(String runId, String kind, long startedEventId) {
    String key = runId + "|" + kind + "|" + startedEventId;
    if (ledger.handedOut.merge(key, 1, Integer::sum) > 1)
      ledger.problems.add("task handed out twice: " + key);
  }

  private void decider() {
    while (!stopWorkers.get() && !closing.get()) {
      PollForDecisionTaskResponse first;
      List<HistoryEvent> events = new ArrayList<>();
      try {
        first =
            call(
                true,
                (c, a) ->
                    c.pollForDecisionTask(r -> r.domain(domain).taskList(t -> t.name(DECISIONS))));
        if (first.taskToken() == null) continue;
        handedOut(first.workflowExecution().runId(), "D", first.startedEventId());
        events.addAll(first.events());
        String next = first.nextPageToken();
        while (next != null) {
          String page = next;
          PollForDecisionTaskResponse more =
              call(
                  true,
                  (c, a) ->
                      c.pollForDecisionTask(
                          r ->
                              r.domain(domain)
                                  .taskList(t -> t.name(DECISIONS))
                                  .nextPageToken(page)));
          events.addAll(more.events());
          next = more.nextPageToken();
        }
      } catch (Unanswered | UnknownResourceException e) {
        continue; // the task comes back by its timeout
      }
      List<Decision> decisions = decide(events);
      String runId = first.workflowExecution().runId();
      boolean completes =
          !decisions.isEmpty()
              && decisions.get(0).decisionType() == DecisionType.COMPLETE_WORKFLOW_EXECUTION;
      try {
        call(
            false,
            (c, a) ->
                c.respondDecisionTaskCompleted(
                    r -> r.taskToken(first.taskToken()).decisions(decisions)));
        ledger.decisionCompletionsAcked.add(runId + "|" + first.startedEventId());
        if (completes) {
          ledger.workflowsCompletedAcked.add(first.workflowExecution().workflowId());
          ledger.completionAckNanos.add(System.nanoTime());
        }
      } catch (UnknownResourceException | Unanswered e) {
        // timed out meanwhile, or an attempt whose answer was lost got through
      }
    }
  }

  static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.eventType() == type).count();
  }

  private static List<Decision> decide(List<HistoryEvent> events) {
    long scheduled = count(events, EventType.ACTIVITY_TASK_SCHEDULED);
    long closed =
        count(events, EventType.ACTIVITY_TASK_COMPLETED)
            + count(events, EventType.ACTIVITY_TASK_TIMED_OUT)
            + count(events, EventType.ACTIVITY_TASK_FAILED)
            + count(events, EventType.ACTIVITY_TASK_CANCELED);
    String result =
        events.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
            .findFirst()
            .map(e -> e.activityTaskCompletedEventAttributes().result())
            .orElse(null);
    boolean signaled = count(events, EventType.WORKFLOW_EXECUTION_SIGNALED) > 0;
    if (result != null && signaled) {
      return List.of(
          Decision.builder()
              .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
              .completeWorkflowExecutionDecisionAttributes(c -> c.result(result))
              .build());
    }
    if (result == null && scheduled == closed) {
      String input =
          scheduled == 0 ? events.get(0).workflowExecutionStartedEventAttributes().input() : "work";
      String id = "a" + (scheduled + 1);
      return List.of(
          Decision.builder()
              .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
              .scheduleActivityTaskDecisionAttributes(
                  a -> a.activityId(id).activityType(t -> t.name("act").version("1")).input(input))
              .build());
    }
    return List.of();
  }

  private void worker() {
    while (!stopWorkers.get() && !closing.get()) {
      PollForActivityTaskResponse task;
      try {
        task =
            call(
                true,
                (c, a) ->
                    c.pollForActivityTask(r -> r.domain(domain).taskList(t -> t.name(ACTIVITIES))));
      } catch (Unanswered e) {
        continue;
      }
      if (task.taskToken() == null) continue;
      String runId = task.workflowExecution().runId();
      handedOut(runId, "A", task.startedEventId());
      String key = runId + "|" + task.startedEventId();
      List<String> tried = Collections.synchronizedList(new ArrayList<>());
      ledger.heartbeatsTried.put(key, tried);
      boolean alive = true;
      for (int beat = 0; beat < 2 && alive; beat++) {
        sleep(ThreadLocalRandom.current().nextLong(50, 200));
        int b = beat;
        try {
          call(
              false,
              (c, attempt) -> {
                String details = key + "/beat-" + b + "-" + attempt;
                tried.add(details);
                c.recordActivityTaskHeartbeat(r -> r.taskToken(task.taskToken()).details(details));
                ledger.lastHeartbeatAcked.put(key, tried.size() - 1);
                return null;
              });
        } catch (UnknownResourceException | Unanswered e) {
          alive = false; // timed out meanwhile
        }
      }
      if (!alive || "abandon".equals(task.input())) continue; // its heartbeat timeout will tell
      String result = "done:" + key;
      try {
        call(
            false,
            (c, a) ->
                c.respondActivityTaskCompleted(r -> r.taskToken(task.taskToken()).result(result)));
        ledger.activityCompletionsAcked.put(key, result);
      } catch (UnknownResourceException | Unanswered e) {
        // timed out meanwhile, or an attempt whose answer was lost got through
      }
    }
  }

  // ------------------------------------------------------------------ probes

  /** Starts {@code count} probe workflows (nobody decides them; they take signals). */
  List<String> startProbes(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "probe-" + i;
      start(id, "probe", false);
      ids.add(id);
    }
    return ids;
  }

  /**
   * Signals every probe through the nodes in turn until each is acknowledged; returns the time from
   * {@code since} until the last of them was (how soon every run is served again).
   */
  Duration probeAll(List<String> probes, long since) {
    List<java.util.concurrent.Future<Long>> acked = new ArrayList<>();
    for (String p : probes)
      acked.add(
          pool.submit(
              () -> {
                signal(p);
                return System.nanoTime();
              }));
    long latest = since;
    for (var f : acked) {
      try {
        latest = Math.max(latest, f.get(120, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new IllegalStateException("a probe was not answered", e);
      }
    }
    return Duration.ofNanos(latest - since);
  }

  /** How long after {@code since} the first workflow completion was acknowledged (or null). */
  Duration firstCompletionAfter(long since) {
    return ledger.completionAckNanos.stream()
        .filter(n -> n > since)
        .min(Long::compare)
        .map(n -> Duration.ofNanos(n - since))
        .orElse(null);
  }

  /** Waits until every workflow started (or maybe started) by the starters has completed. */
  boolean awaitCompleted(String prefix, int count, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      long done = 0;
      for (int i = 0; i < count; i++)
        if (ledger.workflowsCompletedAcked.contains(prefix + i)) done++;
      if (done == count) return true;
      sleep(200);
    }
    return false;
  }

  /** For a failure message: each workflow not completed yet, with the last events of its run. */
  String incomplete(String prefix, int count, SwfClient reader) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      if (ledger.workflowsCompletedAcked.contains(id)) continue;
      b.append(id).append(": ");
      try {
        String runId = ledger.started.get(id);
        if (runId == null) {
          b.append("start not acknowledged\n");
          continue;
        }
        List<HistoryEvent> h = new ArrayList<>();
        reader
            .getWorkflowExecutionHistoryPaginator(
                r -> r.domain(domain).execution(e -> e.workflowId(id).runId(runId)))
            .events()
            .forEach(h::add);
        for (HistoryEvent e : h.subList(Math.max(0, h.size() - 6), h.size()))
          b.append(e.eventId())
              .append(' ')
              .append(e.eventTypeAsString())
              .append(' ')
              .append(e.eventTimestamp())
              .append("; ");
        b.append('\n');
      } catch (RuntimeException e) {
        b.append(e).append('\n');
      }
    }
    return b.toString();
  }

  int completed() {
    return ledger.workflowsCompletedAcked.size();
  }

  // ------------------------------------------------------------------ the check

  /** What {@link #verify} found. */
  record Verified(
      int workflows, int events, int acknowledged, int tasksHandedOut, int heartbeatsChecked) {}

  /**
   * Reads every workflow of the ledger back (through {@code reader}) and checks it; throws an
   * AssertionError listing every problem. Workflows of type {@code wf} must be completed; probes
   * are terminated first.
   */
  Verified verify(SwfClient reader, List<String> workflowIds, List<String> probes) {
    List<String> problems = new ArrayList<>(ledger.problems);
    for (String p : probes) {
      try {
        reader.terminateWorkflowExecution(r -> r.domain(domain).workflowId(p).reason("done"));
      } catch (UnknownResourceException alreadyClosed) {
        // terminated by an earlier run of verify
      }
    }
    int events = 0;
    int heartbeatsChecked = 0;
    Set<String> handedOutSeen = new HashSet<>();
    Map<String, Integer> acked = new HashMap<>();
    List<String> all = new ArrayList<>(workflowIds);
    all.addAll(probes);
    for (String workflowId : all) {
      boolean probe = probes.contains(workflowId);
      if (!ledger.started.containsKey(workflowId) && !ledger.startAmbiguous.contains(workflowId)) {
        problems.add(workflowId + ": never started");
        continue;
      }
      List<WorkflowExecutionInfo> closed =
          reader
              .listClosedWorkflowExecutions(
                  r ->
                      r.domain(domain)
                          .executionFilter(f -> f.workflowId(workflowId))
                          .startTimeFilter(
                              f -> f.oldestDate(Instant.now().minus(Duration.ofHours(2)))))
              .executionInfos();
      if (closed.size() != 1) {
        problems.add(workflowId + ": " + closed.size() + " closed runs (expected 1)");
        if (closed.isEmpty()) continue;
      }
      WorkflowExecutionInfo info = closed.get(0);
      String runId = info.execution().runId();
      String expectedStatus = probe ? "TERMINATED" : "COMPLETED";
      if (!expectedStatus.equals(info.closeStatusAsString()))
        problems.add(workflowId + ": closed " + info.closeStatusAsString());
      if (ledger.started.containsKey(workflowId) && !ledger.started.get(workflowId).equals(runId))
        problems.add(
            workflowId
                + ": acknowledged run "
                + ledger.started.get(workflowId)
                + " is not "
                + runId);
      List<HistoryEvent> history = new ArrayList<>();
      reader
          .getWorkflowExecutionHistoryPaginator(r -> r.domain(domain).execution(info.execution()))
          .events()
          .forEach(history::add);
      events += history.size();
      for (int i = 0; i < history.size(); i++) {
        if (history.get(i).eventId() != i + 1L) {
          problems.add(workflowId + ": event ids not 1, 2, 3, ...");
          break;
        }
      }
      // signals: each acknowledged input once, each tried input at most once
      Map<String, Integer> signals = new HashMap<>();
      Map<Long, HistoryEvent> byId = new HashMap<>();
      Map<Long, HistoryEvent> closedActivity = new HashMap<>(); // scheduledEventId -> closing event
      Map<Long, Long> startedToScheduled = new HashMap<>();
      Set<Long> scheduledStarted = new HashSet<>();
      Set<Long> decisionScheduledStarted = new HashSet<>();
      for (HistoryEvent e : history) {
        byId.put(e.eventId(), e);
        switch (e.eventType()) {
          case WORKFLOW_EXECUTION_SIGNALED ->
              signals.merge(e.workflowExecutionSignaledEventAttributes().input(), 1, Integer::sum);
          case ACTIVITY_TASK_STARTED -> {
            long s = e.activityTaskStartedEventAttributes().scheduledEventId();
            if (!scheduledStarted.add(s))
              problems.add(workflowId + ": activity " + s + " started twice");
            startedToScheduled.put(e.eventId(), s);
          }
          case DECISION_TASK_STARTED -> {
            long s = e.decisionTaskStartedEventAttributes().scheduledEventId();
            if (!decisionScheduledStarted.add(s))
              problems.add(workflowId + ": decision task " + s + " started twice");
          }
          case ACTIVITY_TASK_COMPLETED ->
              closedActivity.put(e.activityTaskCompletedEventAttributes().scheduledEventId(), e);
          case ACTIVITY_TASK_TIMED_OUT ->
              closedActivity.put(e.activityTaskTimedOutEventAttributes().scheduledEventId(), e);
          default -> {}
        }
      }
      for (Map.Entry<String, Integer> s : signals.entrySet()) {
        if (s.getValue() > 1)
          problems.add(workflowId + ": signal " + s.getKey() + " recorded twice");
        if (!ledger.signalsTried.getOrDefault(workflowId, Set.of()).contains(s.getKey()))
          problems.add(workflowId + ": signal " + s.getKey() + " was never sent");
      }
      for (String input : ledger.signalsAcked.getOrDefault(workflowId, Set.of())) {
        acked.merge("signal", 1, Integer::sum);
        if (!signals.containsKey(input))
          problems.add(workflowId + ": acknowledged signal " + input + " lost");
      }
      // tasks handed out: each a Started event of its kind in this run
      String prefix = runId + "|"; // (a run id may hold a slash)
      for (Map.Entry<String, Integer> h : ledger.handedOut.entrySet()) {
        if (!h.getKey().startsWith(prefix)) continue;
        handedOutSeen.add(h.getKey());
        String[] parts = h.getKey().split("\\|");
        HistoryEvent started = byId.get(Long.parseLong(parts[2]));
        EventType want =
            parts[1].equals("D")
                ? EventType.DECISION_TASK_STARTED
                : EventType.ACTIVITY_TASK_STARTED;
        if (started == null || started.eventType() != want)
          problems.add(
              workflowId + ": task handed out as " + h.getKey() + " has no " + want + " event");
      }
      for (String k : ledger.decisionCompletionsAcked) {
        if (!k.startsWith(prefix)) continue;
        acked.merge("decision", 1, Integer::sum);
        long startedId = Long.parseLong(k.substring(prefix.length()));
        boolean found =
            history.stream()
                .anyMatch(
                    e ->
                        e.eventType() == EventType.DECISION_TASK_COMPLETED
                            && e.decisionTaskCompletedEventAttributes().startedEventId()
                                == startedId);
        if (!found) problems.add(workflowId + ": acknowledged decision completion " + k + " lost");
      }
      for (Map.Entry<String, String> k : ledger.activityCompletionsAcked.entrySet()) {
        if (!k.getKey().startsWith(prefix)) continue;
        acked.merge("activity", 1, Integer::sum);
        long startedId = Long.parseLong(k.getKey().substring(prefix.length()));
        HistoryEvent close = closedActivity.get(startedToScheduled.getOrDefault(startedId, -1L));
        if (close == null
            || close.eventType() != EventType.ACTIVITY_TASK_COMPLETED
            || !k.getValue().equals(close.activityTaskCompletedEventAttributes().result()))
          problems.add(workflowId + ": acknowledged activity completion " + k.getKey() + " lost");
      }
      // heartbeats: a task that timed out carries the details of its last heartbeat (the last
      // acknowledged one, or a later attempt whose answer was lost)
      for (Map.Entry<String, List<String>> k : ledger.heartbeatsTried.entrySet()) {
        if (!k.getKey().startsWith(prefix)) continue;
        long startedId = Long.parseLong(k.getKey().substring(prefix.length()));
        HistoryEvent close = closedActivity.get(startedToScheduled.getOrDefault(startedId, -1L));
        if (close == null || close.eventType() != EventType.ACTIVITY_TASK_TIMED_OUT) continue;
        List<String> tried;
        synchronized (k.getValue()) {
          tried = new ArrayList<>(k.getValue());
        }
        int last = ledger.lastHeartbeatAcked.getOrDefault(k.getKey(), -1);
        String details = close.activityTaskTimedOutEventAttributes().details();
        boolean ok =
            last < 0
                ? details == null || tried.contains(details)
                : tried.subList(last, tried.size()).contains(details);
        heartbeatsChecked++;
        if (!ok)
          problems.add(
              workflowId
                  + ": activity "
                  + k.getKey()
                  + " timed out with details "
                  + details
                  + " but heartbeat "
                  + (last < 0 ? "none" : tried.get(last))
                  + " was acknowledged");
      }
    }
    for (String k : ledger.handedOut.keySet())
      if (!handedOutSeen.contains(k))
        problems.add("task " + k + " handed out in no run of the ledger");
    if (!problems.isEmpty())
      throw new AssertionError(problems.size() + " problems:\n" + String.join("\n", problems));
    return new Verified(
        all.size(), events, ledger.acknowledgedCalls(), ledger.handedOut.size(), heartbeatsChecked);
  }

  String counters() {
    return String.format(
        "%d acknowledged calls, %d tasks handed out, %d answers 503, %d answers 500, %d refused/broken/timed out",
        ledger.acknowledgedCalls(),
        ledger.handedOut.size(),
        ledger.answered503.get(),
        ledger.answered500.get(),
        ledger.otherFailures.get());
  }

  /** Stops deciders and workers after their current task (polls end within the poll timeout). */
  void stopWorkers() {
    stopWorkers.set(true);
  }

  @Override
  public void close() {
    stopWorkers.set(true);
    closing.set(true);
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SwfClient c : clients) c.close();
    for (SwfClient c : pollClients) c.close();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
