package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swfd.server.ServerConfig;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.support.RunningSwfd;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
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

/**
 * The store fails while requests run (SQLite says "database or disk is full": its page count is
 * capped at what the file holds, as a full disk would), through real HTTP clients that do not
 * retry: every request the failed commits carried is answered at once with a 500 InternalFailure
 * (no hang, no other error), nothing acknowledged is lost (checked after a restart), and once the
 * store has room again the server goes on: the same runs take signals, heartbeats and decisions,
 * and new runs start. SWF's API reference (Common Errors): InternalFailure, HTTP 500, "The request
 * processing has failed because of an unknown error, exception or failure."
 */
class FullStoreTest {
  private static final String DOMAIN = "full-store";
  private static final String FAN_DECISIONS = "fan-decisions";
  private static final String SIGNAL_DECISIONS = "signal-decisions";
  private static final String ACTIVITIES = "fan-activities";
  private static final int FAN_TASKS = 16;
  private static final int SIGNALED_RUNS = 6;

  /** What the load did: what was acknowledged, how many 500s, anything else that went wrong. */
  private static final class Tally {
    final ConcurrentLinkedQueue<String[]> signals = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> starts = new ConcurrentLinkedQueue<>();
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger internalFailures = new AtomicInteger();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

    /** What decision tasks showed: the run and its events (id and type) on the task's page. */
    final ConcurrentLinkedQueue<Shown> shown = new ConcurrentLinkedQueue<>();
  }

  private record Shown(String workflowId, String runId, java.util.Map<Long, EventType> events) {}

  @Test
  void aFullStoreAnswersWaitingRequestsWith500LosesNothingAcknowledgedAndTheServerGoesOn()
      throws Exception {
    try (RunningSwfd swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(2)),
            InstantSource.system())) {
      SqliteDatabase db = swfd.server().sqlite();
      assumeTrue(db != null, "the embedded store's own failure (PostgreSQL is a shared store)");
      SwfClient swf = client(swfd);
      register(swf);

      // a fan-out run with many started activity tasks, and runs to signal
      String fanRunId = start(swf, "fan", FAN_DECISIONS);
      PollForDecisionTaskResponse first = pollDecision(swf, FAN_DECISIONS);
      List<Decision> schedule = new ArrayList<>();
      for (int i = 0; i < FAN_TASKS; i++) schedule.add(scheduleActivity("a-" + i));
      swf.respondDecisionTaskCompleted(r -> r.taskToken(first.taskToken()).decisions(schedule));
      List<String> tokens = new ArrayList<>();
      while (tokens.size() < FAN_TASKS) {
        PollForActivityTaskResponse t =
            swf.pollForActivityTask(
                r -> r.domain(DOMAIN).taskList(l -> l.name(ACTIVITIES)).identity("worker"));
        if (t.taskToken() != null && !t.taskToken().isEmpty()) tokens.add(t.taskToken());
      }
      List<String> signaled = new ArrayList<>();
      for (int i = 0; i < SIGNALED_RUNS; i++) {
        start(swf, "signaled-" + i, SIGNAL_DECISIONS);
        signaled.add("signaled-" + i);
      }

      Tally tally = new Tally();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService load = Executors.newFixedThreadPool(13);
      for (int w = 0; w < SIGNALED_RUNS; w++) {
        String workflowId = signaled.get(w);
        load.execute(
            loop(
                stop,
                tally,
                n -> {
                  String name = "s-" + n;
                  swf.signalWorkflowExecution(
                      r -> r.domain(DOMAIN).workflowId(workflowId).signalName(name));
                  tally.signals.add(new String[] {workflowId, name});
                }));
      }
      for (int w = 0; w < 2; w++) {
        int worker = w;
        load.execute(
            loop(
                stop,
                tally,
                n -> {
                  String id = "new-" + worker + "-" + n;
                  start(swf, id, SIGNAL_DECISIONS);
                  tally.starts.add(id);
                }));
      }
      for (int w = 0; w < 3; w++) {
        int worker = w;
        load.execute(
            loop(
                stop,
                tally,
                n -> {
                  String token = tokens.get((worker + 3 * n) % tokens.size());
                  swf.recordActivityTaskHeartbeat(r -> r.taskToken(token).details("beat " + n));
                }));
      }
      load.execute(
          loop(
              stop,
              tally,
              n ->
                  swf.describeWorkflowExecution(
                      r -> r.domain(DOMAIN).execution(e -> e.workflowId("fan").runId(fanRunId)))));

      // a decider: what a decision task shows must all be durable, also while commits fail
      load.execute(
          loop(
              stop,
              tally,
              n -> {
                PollForDecisionTaskResponse t = pollDecision(swf, SIGNAL_DECISIONS);
                if (t.taskToken() == null || t.taskToken().isEmpty()) return;
                java.util.Map<Long, EventType> events = new java.util.HashMap<>();
                for (HistoryEvent e : t.events()) events.put(e.eventId(), e.eventType());
                tally.shown.add(
                    new Shown(
                        t.workflowExecution().workflowId(), t.workflowExecution().runId(), events));
                swf.respondDecisionTaskCompleted(r -> r.taskToken(t.taskToken()));
              }));

      Thread.sleep(1000);
      assertThat(tally.internalFailures.get()).as("no failure before the store is full").isZero();
      int okBefore = tally.ok.get();
      assertThat(okBefore).isPositive();

      // the disk is full: the database may grow no more. The cap is the writer connection's, and
      // the writer opens a new connection after such a failure, so it is set again and again
      long full = pageCount(db);
      AtomicBoolean relieved = new AtomicBoolean();
      Thread filler =
          new Thread(
              () -> {
                while (!relieved.get()) {
                  try {
                    maxPages(db, full);
                    Thread.sleep(5);
                  } catch (RuntimeException e) {
                    // its batch failed with the others: again
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      filler.start();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (tally.internalFailures.get() < 50 && System.nanoTime() < until) Thread.sleep(50);
      int failuresWhileFull = tally.internalFailures.get();
      assertThat(failuresWhileFull)
          .as("requests whose commits failed were answered with InternalFailure")
          .isGreaterThanOrEqualTo(50);

      // room again: the server goes on
      relieved.set(true);
      filler.join();
      // the cap is lifted by a write of its own, which fails while a write in its batch still meets
      // the old cap (SQLite then ends the batch's transaction): lifted again until it takes
      for (int attempt = 0; ; attempt++) {
        try {
          maxPages(db, 1_073_741_823);
          break;
        } catch (StoreException e) {
          if (attempt == 100) throw e;
        }
      }
      int signalsAtRelief = tally.signals.size();
      int startsAtRelief = tally.starts.size();
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((tally.signals.size() < signalsAtRelief + 20
              || tally.starts.size() < startsAtRelief + 5)
          && System.nanoTime() < until) Thread.sleep(50);
      stop.set(true);
      load.shutdown();
      assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).as("no request hangs").isTrue();
      assertThat(tally.unexpected).as("every error was a 500 InternalFailure").isEmpty();
      assertThat(tally.signals.size()).isGreaterThanOrEqualTo(signalsAtRelief + 20);
      assertThat(tally.starts.size()).isGreaterThanOrEqualTo(startsAtRelief + 5);

      // nothing acknowledged is lost, also across a restart
      swfd.restart();
      for (String workflowId : signaled) {
        List<String> names = new ArrayList<>();
        for (HistoryEvent e : history(swf, workflowId))
          if (e.eventType() == EventType.WORKFLOW_EXECUTION_SIGNALED)
            names.add(e.workflowExecutionSignaledEventAttributes().signalName());
        Set<String> acked = new HashSet<>();
        for (String[] s : tally.signals) if (s[0].equals(workflowId)) acked.add(s[1]);
        assertThat(names)
            .as("signals of %s", workflowId)
            .containsAll(acked)
            .doesNotHaveDuplicates();
      }
      // nothing that was not durable was shown: every event a decision task showed is stored
      java.util.Map<String, java.util.Map<Long, EventType>> stored = new java.util.HashMap<>();
      for (Shown t : tally.shown) {
        java.util.Map<Long, EventType> events =
            stored.computeIfAbsent(
                t.runId(),
                k -> {
                  java.util.Map<Long, EventType> m = new java.util.HashMap<>();
                  for (HistoryEvent e : history(swf, t.workflowId(), t.runId()))
                    m.put(e.eventId(), e.eventType());
                  return m;
                });
        assertThat(events).as("the history of %s", t.workflowId()).containsAllEntriesOf(t.events());
      }
      assertThat(tally.shown).isNotEmpty();
      for (String id : tally.starts) {
        assertThat(
                swf.describeWorkflowExecution(
                        r ->
                            r.domain(DOMAIN)
                                .execution(
                                    e ->
                                        e.workflowId(id)
                                            .runId(
                                                swf.listOpenWorkflowExecutions(
                                                        q ->
                                                            q.domain(DOMAIN)
                                                                .startTimeFilter(
                                                                    f ->
                                                                        f.oldestDate(
                                                                            java.time.Instant
                                                                                .EPOCH))
                                                                .executionFilter(
                                                                    x -> x.workflowId(id)))
                                                    .executionInfos()
                                                    .get(0)
                                                    .execution()
                                                    .runId())))
                    .executionInfo()
                    .executionStatus())
            .isEqualTo(ExecutionStatus.OPEN);
      }

      // the fan-out run goes on to its end: its tasks complete and its decider closes it
      for (String token : tokens)
        swf.respondActivityTaskCompleted(r -> r.taskToken(token).result("done"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && swf.describeWorkflowExecution(
                      r -> r.domain(DOMAIN).execution(e -> e.workflowId("fan").runId(fanRunId)))
                  .executionInfo()
                  .executionStatus()
              == ExecutionStatus.OPEN) {
        PollForDecisionTaskResponse t = pollDecision(swf, FAN_DECISIONS);
        if (t.taskToken() == null || t.taskToken().isEmpty()) continue;
        long completed =
            t.events().stream()
                .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED)
                .count();
        List<Decision> ds =
            completed < FAN_TASKS
                ? List.of()
                : List.of(
                    Decision.builder()
                        .decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION)
                        .completeWorkflowExecutionDecisionAttributes(a -> a.result("all done"))
                        .build());
        swf.respondDecisionTaskCompleted(r -> r.taskToken(t.taskToken()).decisions(ds));
      }
      assertThat(
              swf.describeWorkflowExecution(
                      r -> r.domain(DOMAIN).execution(e -> e.workflowId("fan").runId(fanRunId)))
                  .executionInfo()
                  .closeStatusAsString())
          .isEqualTo("COMPLETED");
    }
  }

  private interface Call {
    void run(int n);
  }

  /** One client's loop: calls until stopped, tallying what each call got. */
  private static Runnable loop(AtomicBoolean stop, Tally tally, Call call) {
    return () -> {
      for (int n = 0; !stop.get(); n++) {
        try {
          call.run(n);
          tally.ok.incrementAndGet();
        } catch (SwfException e) {
          if (e.statusCode() == 500
              && e.awsErrorDetails() != null
              && "InternalFailure".equals(e.awsErrorDetails().errorCode())) {
            tally.internalFailures.incrementAndGet();
          } else {
            tally.unexpected.add(e.toString());
          }
        } catch (RuntimeException e) {
          tally.unexpected.add(e.toString()); // a timeout (a hang) or a broken connection
        }
      }
    };
  }

  /** Caps the database's size in pages (SQLite answers SQLITE_FULL when a write needs more). */
  private static void maxPages(SqliteDatabase db, long pages) {
    db.write(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("PRAGMA max_page_count = " + pages)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static long pageCount(SqliteDatabase db) {
    return db.write(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static SwfClient client(RunningSwfd swfd) {
    return SwfClient.builder()
        .endpointOverride(swfd.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFULL", "secret")))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
        // no retries: each call's own answer is what is checked
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallAttemptTimeout(Duration.ofSeconds(30)))
        .build();
  }

  private static void register(SwfClient swf) {
    swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(DOMAIN)
                .name("wf")
                .version("1")
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("600")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain(DOMAIN)
                .name("act")
                .version("1")
                .defaultTaskHeartbeatTimeout("3600")
                .defaultTaskScheduleToStartTimeout("3600")
                .defaultTaskScheduleToCloseTimeout("7200")
                .defaultTaskStartToCloseTimeout("3600"));
  }

  private static String start(SwfClient swf, String workflowId, String decisions) {
    return swf.startWorkflowExecution(
            r ->
                r.domain(DOMAIN)
                    .workflowId(workflowId)
                    .workflowType(t -> t.name("wf").version("1"))
                    .taskList(l -> l.name(decisions)))
        .runId();
  }

  private static PollForDecisionTaskResponse pollDecision(SwfClient swf, String list) {
    return swf.pollForDecisionTask(
        r ->
            r.domain(DOMAIN).taskList(l -> l.name(list)).identity("decider").maximumPageSize(1000));
  }

  private static Decision scheduleActivity(String id) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a ->
                a.activityId(id)
                    .activityType(t -> t.name("act").version("1"))
                    .taskList(l -> l.name(ACTIVITIES)))
        .build();
  }

  private static List<HistoryEvent> history(SwfClient swf, String workflowId, String runId) {
    return swf
        .getWorkflowExecutionHistoryPaginator(
            r -> r.domain(DOMAIN).execution(e -> e.workflowId(workflowId).runId(runId)))
        .events()
        .stream()
        .toList();
  }

  private static List<HistoryEvent> history(SwfClient swf, String workflowId) {
    String runId =
        swf.listOpenWorkflowExecutions(
                q ->
                    q.domain(DOMAIN)
                        .startTimeFilter(f -> f.oldestDate(java.time.Instant.EPOCH))
                        .executionFilter(x -> x.workflowId(workflowId)))
            .executionInfos()
            .get(0)
            .execution()
            .runId();
    return swf
        .getWorkflowExecutionHistoryPaginator(
            r -> r.domain(DOMAIN).execution(e -> e.workflowId(workflowId).runId(runId)))
        .events()
        .stream()
        .toList();
  }
}
