package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.schedule;
import static io.swfd.support.Decisions.startTimer;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfTestClient;
import io.swfd.support.SwfTestClient.Run;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.model.ActivityTaskTimeoutType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;

/**
 * On the system clock deadlines fire by themselves: a 1 s timer and a 1 s heartbeat timeout, for
 * real.
 */
class RealClockTimersTest {
  static RunningSwfd swfd;
  static SwfTestClient f;
  static String domain;

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd();
    f = new SwfTestClient(swfd);
    domain = f.domainWithoutActivityDefaults("real-clock");
  }

  @AfterAll
  static void stop() {
    f.close();
    swfd.close();
  }

  @Test
  void aTimerAndAHeartbeatTimeoutFireOnTheSystemClock() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("one-second", "1"), schedule(run, "a", "NONE", "NONE", "NONE", "1"));
    PollForActivityTaskResponse task = f.activityTask(run);
    HistoryEvent timerStarted = f.events(run, EventType.TIMER_STARTED).get(0);
    HistoryEvent activityStarted = f.events(run, EventType.ACTIVITY_TASK_STARTED).get(0);

    HistoryEvent fired = f.awaitEvent(run, EventType.TIMER_FIRED);
    HistoryEvent timedOut = f.awaitEvent(run, EventType.ACTIVITY_TASK_TIMED_OUT);

    assertThat(fired.timerFiredEventAttributes().startedEventId())
        .isEqualTo(timerStarted.eventId());
    assertThat(Duration.between(timerStarted.eventTimestamp(), fired.eventTimestamp()))
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(timedOut.activityTaskTimedOutEventAttributes().timeoutType())
        .isEqualTo(ActivityTaskTimeoutType.HEARTBEAT);
    assertThat(timedOut.activityTaskTimedOutEventAttributes().startedEventId())
        .isEqualTo(task.startedEventId());
    assertThat(Duration.between(activityStarted.eventTimestamp(), timedOut.eventTimestamp()))
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    f.assertActivityTokenVoid(
        task.taskToken(), timedOut.activityTaskTimedOutEventAttributes().scheduledEventId());
    // both woke the decider: one decision task shows both
    assertThat(f.decisionTask(run).events())
        .extracting(HistoryEvent::eventType)
        .contains(EventType.TIMER_FIRED, EventType.ACTIVITY_TASK_TIMED_OUT);
  }
}
