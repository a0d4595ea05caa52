package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.cancelTimer;
import static io.swfd.support.Decisions.complete;
import static io.swfd.support.Decisions.startTimer;
import static io.swfd.support.SwfTestClient.after;
import static io.swfd.support.SwfTestClient.last;
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
import software.amazon.awssdk.services.swf.model.CancelTimerFailedCause;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.StartTimerFailedCause;
import software.amazon.awssdk.services.swf.model.TimerCanceledEventAttributes;
import software.amazon.awssdk.services.swf.model.TimerFiredEventAttributes;
import software.amazon.awssdk.services.swf.model.TimerStartedEventAttributes;

/** StartTimer / CancelTimer decisions and timers firing on the clock. */
class UserTimersTest {
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
    domain = f.domainWithoutActivityDefaults("user-timers");
    swf = f.swf();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  private static HistoryEvent only(List<HistoryEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void aTimerFiresAfterItsTimeoutAndWakesTheDecider() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("t1", "90"));
    HistoryEvent started = only(f.events(run, EventType.TIMER_STARTED));
    TimerStartedEventAttributes s = started.timerStartedEventAttributes();
    assertThat(s.timerId()).isEqualTo("t1");
    assertThat(s.startToFireTimeout()).isEqualTo("90");
    assertThat(s.control()).isEqualTo("c-t1");
    assertThat(s.decisionTaskCompletedEventId()).isEqualTo(started.eventId() - 1);
    assertThat(
            f.history(run).get((int) s.decisionTaskCompletedEventId().longValue() - 1).eventType())
        .isEqualTo(EventType.DECISION_TASK_COMPLETED);

    clock.advance(seconds(89));
    f.assertHistoryStays(run, f.history(run).size());
    clock.advance(seconds(1));
    HistoryEvent fired = f.awaitEvent(run, EventType.TIMER_FIRED);
    TimerFiredEventAttributes a = fired.timerFiredEventAttributes();
    assertThat(a.timerId()).isEqualTo("t1");
    assertThat(a.startedEventId()).isEqualTo(started.eventId());
    assertThat(fired.eventTimestamp()).isEqualTo(started.eventTimestamp().plusSeconds(90));
    assertThat(after(f.history(run), fired).eventType())
        .isEqualTo(EventType.DECISION_TASK_SCHEDULED);

    PollForDecisionTaskResponse d = f.decisionTask(run);
    assertThat(d.events())
        .extracting(HistoryEvent::eventType)
        .endsWith(
            EventType.TIMER_FIRED,
            EventType.DECISION_TASK_SCHEDULED,
            EventType.DECISION_TASK_STARTED);
    // fired once only
    f.respond(d);
    clock.advance(seconds(1000));
    f.assertHistoryStays(run, f.history(run).size());
    assertThat(f.events(run, EventType.TIMER_FIRED)).hasSize(1);
  }

  @Test
  void aCanceledTimerNeverFires() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("long", "100"), startTimer("short", "10"));
    clock.advance(seconds(10));
    HistoryEvent shortFired = f.awaitEvent(run, EventType.TIMER_FIRED);
    assertThat(shortFired.timerFiredEventAttributes().timerId()).isEqualTo("short");
    PollForDecisionTaskResponse d = f.decisionTask(run);
    f.respond(d, cancelTimer("long"));

    HistoryEvent canceled = only(f.events(run, EventType.TIMER_CANCELED));
    TimerCanceledEventAttributes c = canceled.timerCanceledEventAttributes();
    HistoryEvent longStarted = f.events(run, EventType.TIMER_STARTED).get(0);
    assertThat(longStarted.timerStartedEventAttributes().timerId()).isEqualTo("long");
    assertThat(c.timerId()).isEqualTo("long");
    assertThat(c.startedEventId()).isEqualTo(longStarted.eventId());
    assertThat(c.decisionTaskCompletedEventId()).isEqualTo(canceled.eventId() - 1);
    // TimerCanceled needs no decision: the run is idle
    List<HistoryEvent> history = f.history(run);
    assertThat(last(history)).isEqualTo(canceled);

    clock.advance(seconds(200));
    f.assertHistoryStays(run, history.size());
    assertThat(f.events(run, EventType.TIMER_FIRED)).hasSize(1);
  }

  @Test
  void aTimerIdInUseCannotBeStartedAgainUntilItFires() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("x", "10"), startTimer("x", "20"));
    HistoryEvent failed = only(f.events(run, EventType.START_TIMER_FAILED));
    assertThat(failed.startTimerFailedEventAttributes().timerId()).isEqualTo("x");
    assertThat(failed.startTimerFailedEventAttributes().cause())
        .isEqualTo(StartTimerFailedCause.TIMER_ID_ALREADY_IN_USE);
    assertThat(failed.startTimerFailedEventAttributes().decisionTaskCompletedEventId())
        .isEqualTo(failed.eventId() - 2);
    assertThat(
            only(f.events(run, EventType.TIMER_STARTED))
                .timerStartedEventAttributes()
                .startToFireTimeout())
        .isEqualTo("10");

    // the failure wakes the decider; it starts x again while x is still open: refused again
    PollForDecisionTaskResponse d2 = f.decisionTask(run);
    f.respond(d2, startTimer("x", "30"));
    assertThat(f.events(run, EventType.START_TIMER_FAILED)).hasSize(2);

    clock.advance(seconds(10));
    HistoryEvent fired = f.awaitEvent(run, EventType.TIMER_FIRED);
    assertThat(fired.timerFiredEventAttributes().timerId()).isEqualTo("x");

    // after it fired the id is free
    PollForDecisionTaskResponse d3 = f.decisionTask(run);
    f.respond(d3, startTimer("x", "5"));
    List<HistoryEvent> started = f.events(run, EventType.TIMER_STARTED);
    assertThat(started).hasSize(2);
    clock.advance(seconds(5));
    HistoryEvent fired2 = f.awaitEvent(run, EventType.TIMER_FIRED, 2);
    assertThat(fired2.timerFiredEventAttributes().timerId()).isEqualTo("x");
    assertThat(fired2.timerFiredEventAttributes().startedEventId())
        .isEqualTo(started.get(1).eventId());
  }

  @Test
  void aCanceledTimerIdMayBeReused() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("y", "10"), cancelTimer("y"), startTimer("y", "20"));
    List<HistoryEvent> started = f.events(run, EventType.TIMER_STARTED);
    assertThat(started).hasSize(2);
    assertThat(f.events(run, EventType.START_TIMER_FAILED)).isEmpty();
    clock.advance(seconds(20));
    HistoryEvent fired = f.awaitEvent(run, EventType.TIMER_FIRED);
    assertThat(fired.timerFiredEventAttributes().startedEventId())
        .isEqualTo(started.get(1).eventId());
    f.assertHistoryStays(run, f.history(run).size());
    assertThat(f.events(run, EventType.TIMER_FIRED)).hasSize(1);
  }

  @Test
  void cancelingAnUnknownTimerFails() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("z", "10"));
    clock.advance(seconds(10));
    f.awaitEvent(run, EventType.TIMER_FIRED);
    PollForDecisionTaskResponse d = f.decisionTask(run);
    f.respond(d, cancelTimer("never-started"), cancelTimer("z"));
    List<HistoryEvent> failed = f.events(run, EventType.CANCEL_TIMER_FAILED);
    assertThat(failed).hasSize(2);
    assertThat(failed)
        .extracting(e -> e.cancelTimerFailedEventAttributes().timerId())
        .containsExactly("never-started", "z");
    assertThat(failed)
        .allSatisfy(
            e -> {
              assertThat(e.cancelTimerFailedEventAttributes().cause())
                  .isEqualTo(CancelTimerFailedCause.TIMER_ID_UNKNOWN);
              assertThat(e.cancelTimerFailedEventAttributes().decisionTaskCompletedEventId())
                  .isEqualTo(failed.get(0).eventId() - 1);
            });
    // the failures need a decision
    assertThat(last(f.history(run)).eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
  }

  @Test
  void timersOfAClosedRunAreDiscarded() {
    Run run = f.startRun(domain);
    f.decide(run, startTimer("t", "10"), complete("done"));
    List<HistoryEvent> history = f.history(run);
    assertThat(last(history).eventType()).isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    clock.advance(seconds(20));
    f.assertHistoryStays(run, history.size());
  }
}
