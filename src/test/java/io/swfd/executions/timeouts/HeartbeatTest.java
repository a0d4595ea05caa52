package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.cancelActivity;
import static io.swfd.support.Decisions.complete;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.startTimer;
import static io.swfd.support.SwfTestClient.last;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.seconds;
import static io.swfd.support.SwfTestClient.unknownResource;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfTestClient;
import io.swfd.support.SwfTestClient.Run;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskCanceledEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * RecordActivityTaskHeartbeat: the heartbeat clock, its details, cancel requests, and void tokens.
 */
class HeartbeatTest {
  static ManualClock clock;
  static RunningSwfd swfd;
  static SwfTestClient f;
  static String domain;
  static SwfClient swf;

  @BeforeAll
  static void start() {
    clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    swfd = new RunningSwfd(ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)), clock);
    f = new SwfTestClient(swfd);
    domain = f.domainWithoutActivityDefaults("heartbeats");
    swf = f.swf();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  /** A run with one started activity: heartbeat timeout {@code hb}, start-to-close {@code stc}. */
  private record Started(Run run, long scheduledEventId, PollForActivityTaskResponse task) {}

  private Started startedActivity(String stc, String hb) {
    return startedActivity(stc, hb, false);
  }

  /**
   * With {@code wakeTimer}, a 1 s timer lets {@link #wakeAndPoll} get the decider a second decision
   * task.
   */
  private Started startedActivity(String stc, String hb, boolean wakeTimer) {
    Run run = f.startRun(domain);
    if (wakeTimer)
      f.decide(run, schedule(run, "a1", "NONE", "NONE", stc, hb), startTimer("wake", "1"));
    else f.decide(run, schedule(run, "a1", "NONE", "NONE", stc, hb));
    PollForActivityTaskResponse task = f.activityTask(run);
    long scheduled = f.events(run, EventType.ACTIVITY_TASK_SCHEDULED).get(0).eventId();
    return new Started(run, scheduled, task);
  }

  @Test
  void aHeartbeatResetsTheHeartbeatClockOnly() {
    Started s = startedActivity("NONE", "10");
    clock.advance(seconds(8));
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(s.task().taskToken()).details("at 8s"))
                .cancelRequested())
        .isFalse();
    clock.advance(
        seconds(8)); // 16 s after the start, 8 s after the heartbeat: the first deadline (10 s) is
    // re-armed
    int size = f.history(s.run()).size();
    f.assertHistoryStays(s.run(), size);
    assertThat(f.events(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)).isEmpty();

    clock.advance(seconds(11)); // 19 s after the heartbeat
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    ActivityTaskTimedOutEventAttributes a = timedOut.activityTaskTimedOutEventAttributes();
    assertThat(a.timeoutType()).isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
    assertThat(a.scheduledEventId()).isEqualTo(s.scheduledEventId());
    assertThat(a.startedEventId()).isEqualTo(s.task().startedEventId());
    assertThat(a.details()).isEqualTo("at 8s");
    assertThat(timedOut.eventTimestamp()).isEqualTo(clock.instant());
    f.assertActivityTokenVoid(s.task().taskToken(), s.scheduledEventId());
  }

  /**
   * Activity task rows carrying a heartbeat in the SQLite store (the PostgreSQL pass skips the
   * tests that count them).
   */
  private static long heartbeatRows() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        "postgresql"
            .equalsIgnoreCase(System.getProperty(io.swfd.support.TestPostgres.STORE_PROPERTY, "")),
        "counts rows of the SQLite file");
    try (java.sql.Connection c =
        java.sql.DriverManager.getConnection("jdbc:sqlite:" + swfd.dataDir().resolve("swfd.db"))) {
      return io.swfd.store.jdbc.Sql.count(
          c, "SELECT COUNT(*) FROM run_activities WHERE beat_at IS NOT NULL");
    }
  }

  @Test
  void aHeartbeatWritesItsTasksRowWhichGoesWhenTheTaskClosesEvenInTheMillisecondOfItsStart()
      throws Exception {
    Started s = startedActivity("NONE", "10");
    long before = heartbeatRows();
    // the clock has not moved since the start: the heartbeat's time is the start's
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(s.task().taskToken()));
    assertThat(heartbeatRows()).isEqualTo(before + 1);
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(s.task().taskToken()));
    assertThat(heartbeatRows()).as("the task's own row, overwritten").isEqualTo(before + 1);
    swf.respondActivityTaskCompleted(r -> r.taskToken(s.task().taskToken()).result("done"));
    assertThat(heartbeatRows()).isEqualTo(before);
  }

  @Test
  void heartbeatsWriteNoHistoryAndTheLatestDetailsReachTheTimeout() {
    Started s = startedActivity("NONE", "10");
    List<HistoryEvent> before = f.history(s.run());
    for (int i = 1; i <= 5; i++) {
      String details = "step " + i;
      clock.advance(seconds(5));
      assertThat(
              swf.recordActivityTaskHeartbeat(
                      r -> r.taskToken(s.task().taskToken()).details(details))
                  .cancelRequested())
          .isFalse();
    }
    // a heartbeat without details keeps the details of the one before
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(s.task().taskToken()))
                .cancelRequested())
        .isFalse();
    assertThat(f.history(s.run())).isEqualTo(before);

    clock.advance(seconds(10));
    ActivityTaskTimedOutEventAttributes a =
        f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)
            .activityTaskTimedOutEventAttributes();
    assertThat(a.timeoutType()).isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
    assertThat(a.details()).isEqualTo("step 5");
    assertThat(f.history(s.run()))
        .hasSize(before.size() + 2) // ActivityTaskTimedOut, DecisionTaskScheduled
        .startsWith(before.toArray(HistoryEvent[]::new));
  }

  @Test
  void aTimeoutWithoutAnyHeartbeatHasNoDetails() {
    Started s = startedActivity("NONE", "10");
    clock.advance(seconds(10));
    ActivityTaskTimedOutEventAttributes a =
        f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)
            .activityTaskTimedOutEventAttributes();
    assertThat(a.timeoutType()).isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
    assertThat(a.details()).isNull();
  }

  @Test
  void aHeartbeatLearnsOfACancelRequestAndTheWorkerMayCancel() {
    Started s = startedActivity("NONE", "NONE", true);
    String token = s.task().taskToken();
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(token).details("working"))
                .cancelRequested())
        .isFalse();

    PollForDecisionTaskResponse d2 = wakeAndPoll(s.run());
    f.respond(d2, cancelActivity("a1"));
    HistoryEvent requested = f.events(s.run(), EventType.ACTIVITY_TASK_CANCEL_REQUESTED).get(0);
    assertThat(requested.activityTaskCancelRequestedEventAttributes().activityId()).isEqualTo("a1");
    assertThat(f.events(s.run(), EventType.ACTIVITY_TASK_CANCELED))
        .as("a started task is only asked")
        .isEmpty();

    assertThat(swf.recordActivityTaskHeartbeat(r -> r.taskToken(token)).cancelRequested()).isTrue();
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(token).details("still"))
                .cancelRequested())
        .isTrue();
    swf.respondActivityTaskCanceled(r -> r.taskToken(token).details("stopped"));

    HistoryEvent canceled = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_CANCELED);
    ActivityTaskCanceledEventAttributes c = canceled.activityTaskCanceledEventAttributes();
    assertThat(c.scheduledEventId()).isEqualTo(s.scheduledEventId());
    assertThat(c.startedEventId()).isEqualTo(s.task().startedEventId());
    assertThat(c.latestCancelRequestedEventId()).isEqualTo(requested.eventId());
    assertThat(c.details()).isEqualTo("stopped");
    assertThat(last(f.history(s.run())).eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    f.assertActivityTokenVoid(token, s.scheduledEventId());
  }

  @Test
  void startToCloseBoundsTheTaskWhateverTheHeartbeats() {
    Started s = startedActivity("30", "10");
    for (int i = 1; i <= 5; i++) {
      String details = "beat " + i;
      clock.advance(seconds(5));
      swf.recordActivityTaskHeartbeat(r -> r.taskToken(s.task().taskToken()).details(details));
    }
    assertThat(f.events(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)).isEmpty();
    clock.advance(seconds(5)); // 30 s after the start, 5 s after the last heartbeat
    ActivityTaskTimedOutEventAttributes a =
        f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)
            .activityTaskTimedOutEventAttributes();
    assertThat(a.timeoutType()).isEqualTo(ActivityTaskTimeoutType.START_TO_CLOSE);
    assertThat(a.scheduledEventId()).isEqualTo(s.scheduledEventId());
    assertThat(a.startedEventId()).isEqualTo(s.task().startedEventId());
    assertThat(a.details()).isEqualTo("beat 5");
    f.assertActivityTokenVoid(s.task().taskToken(), s.scheduledEventId());
  }

  @Test
  void aCompletedTaskTakesNoMoreHeartbeats() {
    Started s = startedActivity("NONE", "10");
    swf.respondActivityTaskCompleted(r -> r.taskToken(s.task().taskToken()).result("ok"));
    f.assertActivityTokenVoid(s.task().taskToken(), s.scheduledEventId());
    // and its heartbeat deadline is gone with it
    int size = f.history(s.run()).size();
    clock.advance(seconds(60));
    f.assertHistoryStays(s.run(), size);
  }

  @Test
  void aClosedRunTakesNoMoreHeartbeats() {
    Started s = startedActivity("NONE", "10", true);
    PollForDecisionTaskResponse d2 = wakeAndPoll(s.run());
    f.respond(d2, complete("done"));
    assertThat(last(f.history(s.run())).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    // a token of a run that has closed names the run
    String closed =
        "Unknown execution: WorkflowExecution=[workflowId="
            + s.run().workflowId()
            + ", runId="
            + s.run().runId()
            + "]";
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.recordActivityTaskHeartbeat(
                            r -> r.taskToken(s.task().taskToken()).details("late")))))
        .isEqualTo(closed);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskCanceled(r -> r.taskToken(s.task().taskToken())))))
        .isEqualTo(closed);
  }

  @Test
  void unknownForgedAndTruncatedTokensAreRefused() {
    Started s = startedActivity("NONE", "NONE");
    String token = s.task().taskToken();
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[3] ^= 1; // another run, same seal
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    // well formed but not sealed by this server: an unknown task
    unknownResource(() -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(forged)));
    unknownResource(() -> swf.respondActivityTaskCompleted(r -> r.taskToken(forged)));
    // not a token swfd could have issued: SWF's "Invalid token"
    for (String bad :
        List.of("not-a-token", token.substring(0, token.length() - 5), token + "AAAA")) {
      for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call :
          List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
              () -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(bad)),
              () -> swf.respondActivityTaskCompleted(r -> r.taskToken(bad)))) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(call))
            .isInstanceOfSatisfying(
                software.amazon.awssdk.services.swf.model.SwfException.class,
                e -> {
                  assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                  assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid token");
                });
      }
    }
    // a decision task token is not an activity task token
    Run other = f.startRun(domain);
    PollForDecisionTaskResponse d = f.decisionTask(other);
    unknownResource(() -> swf.recordActivityTaskHeartbeat(r -> r.taskToken(d.taskToken())));
    // the real one still works
    assertThat(swf.recordActivityTaskHeartbeat(r -> r.taskToken(token)).cancelRequested())
        .isFalse();
  }

  /** Fires the run's 1 s wake timer and polls the decision task it schedules. */
  private PollForDecisionTaskResponse wakeAndPoll(Run run) {
    clock.advance(seconds(1));
    f.awaitEvent(run, EventType.TIMER_FIRED);
    return f.decisionTask(run);
  }
}
