package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.cancelActivity;
import static io.swfd.support.Decisions.cancelTimer;
import static io.swfd.support.Decisions.complete;
import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.startTimer;
import static io.swfd.support.SwfTestClient.last;
import static io.swfd.support.SwfTestClient.seconds;
import static io.swfd.support.SwfTestClient.unknownResource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.engine.state.RunStateApplier;
import io.swfd.run.RunState;
import io.swfd.server.ServerConfig;
import io.swfd.store.jdbc.RunCodec;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.store.sqlite.SqliteRunStore;
import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfTestClient;
import io.swfd.support.SwfTestClient.Run;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * Deadlines are durable: they survive a restart, fire exactly once, and fire late if they passed
 * while the server was down.
 */
class DurableDeadlinesTest {
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
    domain = f.domainWithoutActivityDefaults("durable-deadlines");
    swf = f.swf();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  /** A run with a 60 s timer and a started activity with a 30 s start-to-close timeout. */
  private record Armed(
      Run run,
      HistoryEvent timerStarted,
      long scheduledEventId,
      PollForActivityTaskResponse task) {}

  private Armed armed() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("t", "60"), schedule(run, "a", "NONE", "NONE", "30", "NONE"));
    PollForActivityTaskResponse task = f.activityTask(run);
    return new Armed(
        run,
        f.events(run, EventType.TIMER_STARTED).get(0),
        f.events(run, EventType.ACTIVITY_TASK_SCHEDULED).get(0).eventId(),
        task);
  }

  private void assertBothFiredOnce(Armed a) {
    HistoryEvent timedOut = f.awaitEvent(a.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    HistoryEvent fired = f.awaitEvent(a.run(), EventType.TIMER_FIRED);
    ActivityTaskTimedOutEventAttributes t = timedOut.activityTaskTimedOutEventAttributes();
    assertThat(t.timeoutType()).isEqualTo(ActivityTaskTimeoutType.START_TO_CLOSE);
    assertThat(t.scheduledEventId()).isEqualTo(a.scheduledEventId());
    assertThat(t.startedEventId()).isEqualTo(a.task().startedEventId());
    assertThat(fired.timerFiredEventAttributes().timerId()).isEqualTo("t");
    assertThat(fired.timerFiredEventAttributes().startedEventId())
        .isEqualTo(a.timerStarted().eventId());
    List<HistoryEvent> history = f.history(a.run());
    f.assertHistoryStays(a.run(), history.size());
    assertThat(f.events(a.run(), EventType.ACTIVITY_TASK_TIMED_OUT)).hasSize(1);
    assertThat(f.events(a.run(), EventType.TIMER_FIRED)).hasSize(1);
    // one decision task for both (the second event found one already scheduled)
    assertThat(f.events(a.run(), EventType.DECISION_TASK_SCHEDULED)).hasSize(2);
    // event ids are dense: nothing was written twice or lost
    for (int i = 0; i < history.size(); i++) assertThat(history.get(i).eventId()).isEqualTo(i + 1);
    f.assertActivityTokenVoid(a.task().taskToken(), a.scheduledEventId());
  }

  @Test
  void deadlinesArmedBeforeARestartFireOnceAfterIt() {
    Armed a = armed();
    clock.advance(seconds(10));
    swfd.restart();
    // the task token survived the restart
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.task().taskToken()))
                .cancelRequested())
        .isFalse();
    clock.advance(seconds(20));
    HistoryEvent timedOut = f.awaitEvent(a.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    assertThat(timedOut.eventTimestamp())
        .isEqualTo(a.timerStarted().eventTimestamp().plusSeconds(30));
    clock.advance(seconds(30));
    HistoryEvent fired = f.awaitEvent(a.run(), EventType.TIMER_FIRED);
    assertThat(fired.eventTimestamp()).isEqualTo(a.timerStarted().eventTimestamp().plusSeconds(60));
    assertBothFiredOnce(a);

    // and another restart does not fire them again
    swfd.restart();
    clock.advance(seconds(100));
    f.assertHistoryStays(a.run(), f.history(a.run()).size());
    assertBothFiredOnce(a);
    PollForDecisionTaskResponse d = f.decisionTask(a.run());
    assertThat(d.events())
        .extracting(HistoryEvent::eventType)
        .contains(EventType.ACTIVITY_TASK_TIMED_OUT, EventType.TIMER_FIRED);
  }

  @Test
  void deadlinesThatPassedWhileTheServerWasDownFireWhenItStarts() {
    Armed a = armed();
    Run idle =
        f.startRun(
            domain,
            r ->
                r.executionStartToCloseTimeout("120")
                    .taskStartToCloseTimeout(
                        "30")); // its decision task and then the run itself time out while the
    // server is down
    PollForDecisionTaskResponse lost = f.decisionTask(idle);
    swfd.stop();
    clock.advance(seconds(300));
    swfd.startAgain();

    assertBothFiredOnce(a);
    // they fired at once, on the clock that has moved on
    assertThat(f.events(a.run(), EventType.TIMER_FIRED).get(0).eventTimestamp())
        .isEqualTo(clock.instant());

    HistoryEvent runTimedOut = f.awaitEvent(idle, EventType.WORKFLOW_EXECUTION_TIMED_OUT);
    assertThat(runTimedOut.eventTimestamp()).isEqualTo(clock.instant());
    List<HistoryEvent> history = f.history(idle);
    assertThat(last(history)).isEqualTo(runTimedOut);
    // the decision task deadline (30 s) came first, the run's (120 s) closed the run
    HistoryEvent decisionTimedOut = f.events(idle, EventType.DECISION_TASK_TIMED_OUT).get(0);
    assertThat(decisionTimedOut.decisionTaskTimedOutEventAttributes().timeoutType())
        .isEqualTo(DecisionTaskTimeoutType.START_TO_CLOSE);
    assertThat(
            swf.describeWorkflowExecution(
                    r ->
                        r.domain(domain)
                            .execution(e -> e.workflowId(idle.workflowId()).runId(idle.runId())))
                .executionInfo()
                .closeStatus())
        .isEqualTo(CloseStatus.TIMED_OUT);
    unknownResource(() -> f.respond(lost, complete("done")));
  }

  @Test
  void heartbeatDetailsAndTimeSurviveARestart() {
    Run run = f.startRun(domain);
    f.decide(run, schedule(run, "a", "NONE", "NONE", "NONE", "20"));
    PollForActivityTaskResponse task = f.activityTask(run);
    clock.advance(seconds(15));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(task.taskToken()).details("before restart"));
    swfd.restart();
    clock.advance(seconds(15)); // 30 s after the start, 15 s after the heartbeat
    f.assertHistoryStays(run, f.history(run).size());
    assertThat(f.events(run, EventType.ACTIVITY_TASK_TIMED_OUT)).isEmpty();
    clock.advance(seconds(5));
    ActivityTaskTimedOutEventAttributes t =
        f.awaitEvent(run, EventType.ACTIVITY_TASK_TIMED_OUT).activityTaskTimedOutEventAttributes();
    assertThat(t.timeoutType()).isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
    assertThat(t.details()).isEqualTo("before restart");
  }

  /**
   * A run's stored state is the fold of its stored history (heartbeat time and details, which SWF
   * keeps outside the history, excepted), for a closed run that went through activities, timeouts,
   * cancels and timers, and for an open one; and the history reads the same in pages, forwards and
   * backwards.
   */
  @Test
  void theStoredStateIsTheFoldOfTheHistory() throws Exception {
    Run closed =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("3600").taskStartToCloseTimeout("20"));
    f.decide(
        closed,
        schedule(closed, "a1", "NONE", "NONE", "30", "NONE"),
        schedule(closed, "a4", "NONE", "NONE", "NONE", "NONE"),
        startTimer("t1", "10"),
        startTimer("t2", "100"));
    PollForActivityTaskResponse a1 = f.activityTask(closed);
    PollForActivityTaskResponse a4 = f.activityTask(closed);
    assertThat(List.of(a1.activityId(), a4.activityId())).containsExactly("a1", "a4");
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(a1.taskToken()).details("a1 at 0s"));
    clock.advance(seconds(10));
    f.awaitEvent(closed, EventType.TIMER_FIRED);
    f.respond(
        f.decisionTask(closed),
        cancelActivity("a4"),
        cancelTimer("t2"),
        schedule(closed, "a3", "NONE", "NONE", "NONE", "NONE"),
        cancelActivity("a3"),
        schedule(closed, "a2", "5", "NONE", "NONE", "NONE"),
        startTimer("t3", "5"),
        Decision.builder()
            .decisionType(DecisionType.RECORD_MARKER)
            .recordMarkerDecisionAttributes(m -> m.markerName("m").details("marker"))
            .build());
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(a4.taskToken()).details("a4"))
                .cancelRequested())
        .isTrue();
    swf.respondActivityTaskCanceled(r -> r.taskToken(a4.taskToken()).details("a4 canceled"));
    clock.advance(seconds(5)); // a2 schedule-to-start, t3 fires
    f.awaitEvent(closed, EventType.ACTIVITY_TASK_TIMED_OUT);
    f.awaitEvent(closed, EventType.TIMER_FIRED, 2);
    f.decisionTask(closed, "slow");
    clock.advance(
        seconds(20)); // the decision task times out; a1's start-to-close (30 s) passes too
    f.awaitEvent(closed, EventType.DECISION_TASK_TIMED_OUT);
    f.awaitEvent(closed, EventType.ACTIVITY_TASK_TIMED_OUT, 2);
    f.respond(f.decisionTask(closed), complete("done"));
    assertThat(last(f.history(closed)).eventType())
        .isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);

    Run open =
        f.startRun(
            domain, r -> r.executionStartToCloseTimeout("3600").taskStartToCloseTimeout("NONE"));
    f.decide(
        open,
        schedule(open, "b1", "NONE", "NONE", "NONE", "600"),
        schedule(open, "b2", "NONE", "NONE", "NONE", "NONE"),
        startTimer("u1", "300"),
        startTimer("u2", "5"));
    PollForActivityTaskResponse b1 = f.activityTask(open);
    clock.advance(seconds(5));
    f.awaitEvent(open, EventType.TIMER_FIRED);
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(b1.taskToken()).details("b1 at 5s"));

    Map<Run, Integer> sizes = new java.util.HashMap<>();
    for (Run run : List.of(closed, open)) {
      List<HistoryEvent> history = f.history(run);
      sizes.put(run, history.size());
      List<HistoryEvent> paged = new ArrayList<>();
      swf.getWorkflowExecutionHistoryPaginator(
              r ->
                  r.domain(domain)
                      .maximumPageSize(3)
                      .reverseOrder(true)
                      .execution(e -> e.workflowId(run.workflowId()).runId(run.runId())))
          .forEach(p -> paged.addAll(p.events()));
      java.util.Collections.reverse(paged);
      assertThat(paged).isEqualTo(history);
    }

    swfd.stop();
    try (SqliteDatabase db = new SqliteDatabase(swfd.dataDir(), (writes, nanos) -> {})) {
      SqliteRunStore store = new SqliteRunStore(db);
      for (Run run : List.of(closed, open)) {
        long pk = store.findRun("us-east-1", domain, run.workflowId(), run.runId()).orElseThrow();
        RunState stored = store.load(pk).orElseThrow();
        RunState replayed = new RunState();
        replayed.runPk = stored.runPk;
        replayed.region = stored.region;
        replayed.domain = stored.domain;
        replayed.workflowId = stored.workflowId;
        replayed.runId = stored.runId;
        for (io.swfd.run.HistoryEvent e : store.events(pk, 0, Long.MAX_VALUE, false, 100_000)) {
          RunStateApplier.apply(replayed, e);
        }
        assertThat(replayed.nextEventId).isEqualTo(sizes.get(run) + 1L);
        assertFoldMatches(stored, replayed, run.equals(open));
      }
    } finally {
      swfd.startAgain();
    }
  }

  /**
   * Every field the fold sets has the stored value; heartbeat time and details are compared apart.
   */
  private static void assertFoldMatches(RunState stored, RunState replayed, boolean heartbeating)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode s = (ObjectNode) json.readTree(RunCodec.state(stored));
    ObjectNode r = (ObjectNode) json.readTree(RunCodec.state(replayed));
    s.remove("version");
    r.remove("version");
    if (heartbeating) {
      RunState.ActivityState b1 = stored.openActivityById("b1");
      assertThat(b1.heartbeatDetails).isEqualTo("b1 at 5s");
      assertThat(b1.lastHeartbeatAt).isEqualTo(b1.startedAt + 5000);
    }
    for (ObjectNode state : List.of(s, r)) {
      for (JsonNode a : state.path("activities")) {
        ((ObjectNode) a).remove("lastHeartbeatAt");
        ((ObjectNode) a).remove("heartbeatDetails");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = r.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      assertThat(s.get(field.getKey())).as("field %s", field.getKey()).isEqualTo(field.getValue());
    }
  }
}
