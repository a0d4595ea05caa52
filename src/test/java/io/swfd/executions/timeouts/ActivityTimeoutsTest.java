package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfTestClient;
import io.swfd.support.SwfTestClient.Run;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskScheduledEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimedOutEventAttributes;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * The four activity task timeouts: each appends ActivityTaskTimedOut with its timeoutType, the
 * scheduled and started event ids (0 when never started) and the last heartbeat details, voids the
 * task's token and wakes the decider.
 */
class ActivityTimeoutsTest {
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
    domain = f.domainWithoutActivityDefaults("activity-timeouts");
    swf = f.swf();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  private record Scheduled(Run run, HistoryEvent event) {
    long id() {
      return event.eventId();
    }
  }

  private Scheduled scheduled(String s2s, String s2c, String stc, String hb) {
    Run run = f.startRun(domain);
    f.decide(run, schedule(run, "a1", s2s, s2c, stc, hb));
    HistoryEvent e = f.events(run, EventType.ACTIVITY_TASK_SCHEDULED).get(0);
    ActivityTaskScheduledEventAttributes a = e.activityTaskScheduledEventAttributes();
    assertThat(
            List.of(
                a.scheduleToStartTimeout(),
                a.scheduleToCloseTimeout(),
                a.startToCloseTimeout(),
                a.heartbeatTimeout()))
        .containsExactly(s2s, s2c, stc, hb);
    return new Scheduled(run, e);
  }

  /**
   * The timeout is followed by a DecisionTaskScheduled, and a decider polling gets a task that
   * shows it.
   */
  private void assertDeciderWoken(Run run, HistoryEvent timedOut) {
    List<HistoryEvent> history = f.history(run);
    HistoryEvent next = after(history, timedOut);
    assertThat(next.eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(next.decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo(run.decisions());
    PollForDecisionTaskResponse d = f.decisionTask(run);
    assertThat(d.events())
        .extracting(HistoryEvent::eventType)
        .containsSubsequence(
            EventType.ACTIVITY_TASK_TIMED_OUT,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    assertThat(d.previousStartedEventId()).isEqualTo(3);
  }

  private static ActivityTaskTimedOutEventAttributes attrs(HistoryEvent e) {
    return e.activityTaskTimedOutEventAttributes();
  }

  @Test
  void scheduleToStartWhenNoWorkerPolls() {
    Scheduled s = scheduled("10", "NONE", "NONE", "NONE");
    assertThat(f.pendingActivities(s.run())).isEqualTo(1);
    clock.advance(seconds(9));
    f.assertHistoryStays(s.run(), f.history(s.run()).size());
    clock.advance(seconds(1));
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    assertThat(attrs(timedOut).timeoutType()).isEqualTo(ActivityTaskTimeoutType.SCHEDULE_TO_START);
    assertThat(attrs(timedOut).scheduledEventId()).isEqualTo(s.id());
    assertThat(attrs(timedOut).startedEventId()).isZero();
    assertThat(attrs(timedOut).details()).isNull();
    assertThat(timedOut.eventTimestamp()).isEqualTo(s.event().eventTimestamp().plusSeconds(10));
    // the task left its queue: nobody can start it any more
    assertThat(f.pendingActivities(s.run())).isZero();
    assertDeciderWoken(s.run(), timedOut);
  }

  @Test
  void scheduleToStartStopsOnceStarted() {
    Scheduled s = scheduled("10", "NONE", "NONE", "NONE");
    PollForActivityTaskResponse task = f.activityTask(s.run());
    clock.advance(seconds(60));
    f.assertHistoryStays(s.run(), f.history(s.run()).size());
    swf.respondActivityTaskCompleted(r -> r.taskToken(task.taskToken()).result("ok"));
    assertThat(f.events(s.run(), EventType.ACTIVITY_TASK_COMPLETED)).hasSize(1);
  }

  @Test
  void scheduleToCloseBeforeStart() {
    Scheduled s = scheduled("30", "20", "NONE", "NONE");
    clock.advance(seconds(20));
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    assertThat(attrs(timedOut).timeoutType()).isEqualTo(ActivityTaskTimeoutType.SCHEDULE_TO_CLOSE);
    assertThat(attrs(timedOut).scheduledEventId()).isEqualTo(s.id());
    assertThat(attrs(timedOut).startedEventId()).isZero();
    assertThat(f.pendingActivities(s.run())).isZero();
    assertDeciderWoken(s.run(), timedOut);
    // the schedule-to-start deadline went with the task
    clock.advance(seconds(30));
    f.assertHistoryStays(s.run(), f.history(s.run()).size());
    assertThat(f.events(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)).hasSize(1);
  }

  @Test
  void scheduleToCloseAfterStart() {
    Scheduled s = scheduled("NONE", "20", "60", "NONE");
    clock.advance(seconds(5));
    PollForActivityTaskResponse task = f.activityTask(s.run());
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(task.taskToken()).details("half"));
    clock.advance(seconds(15)); // 20 s after scheduling, only 15 s after the start
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    assertThat(attrs(timedOut).timeoutType()).isEqualTo(ActivityTaskTimeoutType.SCHEDULE_TO_CLOSE);
    assertThat(attrs(timedOut).scheduledEventId()).isEqualTo(s.id());
    assertThat(attrs(timedOut).startedEventId()).isEqualTo(task.startedEventId());
    assertThat(attrs(timedOut).details()).isEqualTo("half");
    f.assertActivityTokenVoid(task.taskToken(), s.id());
    assertDeciderWoken(s.run(), timedOut);
  }

  @Test
  void startToClose() {
    Scheduled s = scheduled("NONE", "NONE", "30", "NONE");
    clock.advance(seconds(100)); // waiting in the queue does not count
    PollForActivityTaskResponse task = f.activityTask(s.run());
    clock.advance(seconds(29));
    f.assertHistoryStays(s.run(), f.history(s.run()).size());
    clock.advance(seconds(1));
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    assertThat(attrs(timedOut).timeoutType()).isEqualTo(ActivityTaskTimeoutType.START_TO_CLOSE);
    assertThat(attrs(timedOut).scheduledEventId()).isEqualTo(s.id());
    assertThat(attrs(timedOut).startedEventId()).isEqualTo(task.startedEventId());
    assertThat(attrs(timedOut).details()).isNull();
    f.assertActivityTokenVoid(task.taskToken(), s.id());
    assertDeciderWoken(s.run(), timedOut);
  }

  @Test
  void heartbeat() {
    Scheduled s = scheduled("NONE", "NONE", "NONE", "15");
    PollForActivityTaskResponse task = f.activityTask(s.run());
    clock.advance(seconds(15));
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    assertThat(attrs(timedOut).timeoutType()).isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
    assertThat(attrs(timedOut).scheduledEventId()).isEqualTo(s.id());
    assertThat(attrs(timedOut).startedEventId()).isEqualTo(task.startedEventId());
    f.assertActivityTokenVoid(task.taskToken(), s.id());
    assertDeciderWoken(s.run(), timedOut);
  }

  @Test
  void theEarliestDeadlineWinsAndOnlyOneTimeoutIsRecorded() {
    // heartbeat 10 s, start-to-close 12 s, schedule-to-close 14 s: all past after one jump
    Scheduled s = scheduled("NONE", "14", "12", "10");
    f.activityTask(s.run());
    clock.advance(seconds(60));
    HistoryEvent timedOut = f.awaitEvent(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT);
    f.assertHistoryStays(s.run(), f.history(s.run()).size());
    assertThat(f.events(s.run(), EventType.ACTIVITY_TASK_TIMED_OUT)).hasSize(1);
    assertThat(attrs(timedOut).timeoutType()).isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
  }

  @Test
  void noneMeansNoDeadline() {
    Scheduled waiting = scheduled("NONE", "NONE", "NONE", "NONE");
    Scheduled started = scheduled("NONE", "NONE", "NONE", "NONE");
    PollForActivityTaskResponse task = f.activityTask(started.run());
    int waitingSize = f.history(waiting.run()).size();
    int startedSize = f.history(started.run()).size();
    clock.advance(Duration.ofDays(364)); // the runs themselves time out after 365 days
    f.assertHistoryStays(waiting.run(), waitingSize);
    assertThat(f.history(started.run())).hasSize(startedSize);
    assertThat(f.pendingActivities(waiting.run())).isEqualTo(1);
    assertThat(
            swf.recordActivityTaskHeartbeat(r -> r.taskToken(task.taskToken())).cancelRequested())
        .isFalse();
    swf.respondActivityTaskCompleted(r -> r.taskToken(task.taskToken()).result("a year later"));
    assertThat(f.events(started.run(), EventType.ACTIVITY_TASK_COMPLETED)).hasSize(1);
  }
}
