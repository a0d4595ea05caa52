package io.swfd.executions.timeouts;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import io.swfd.timers.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * Deadlines far ahead (a closed run's retention, a day-long timer) are not held in memory: they
 * wait in the store and are read in as they come near, and still fire on time, across a restart
 * too. What the server holds is read from {@code swfd_timers_held} on {@code GET /metrics}.
 */
class FarDeadlinesTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void aDayLongTimerWaitsInTheStoreUntilItComesNearThenFiresOnTime() throws Exception {
    ManualClock clock = new ManualClock(T0);
    try (RunningSwfd swfd =
            new RunningSwfd(
                ServerConfig.defaults()
                    .withPollTimeout(Duration.ofSeconds(1))
                    .withTimeControl(true),
                clock);
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("far").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain("far")
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("dec"))
                  .defaultExecutionStartToCloseTimeout("864000")
                  .defaultTaskStartToCloseTimeout("NONE")
                  .defaultChildPolicy("TERMINATE"));
      String run =
          swf.startWorkflowExecution(
                  r -> r.domain("far").workflowId("w").workflowType(t -> t.name("wf").version("1")))
              .runId();
      PollForDecisionTaskResponse d =
          swf.pollForDecisionTask(r -> r.domain("far").taskList(t -> t.name("dec")));
      swf.respondDecisionTaskCompleted(
          r ->
              r.taskToken(d.taskToken())
                  .decisions(
                      decision(
                          x ->
                              x.decisionType(DecisionType.START_TIMER)
                                  .startTimerDecisionAttributes(
                                      a -> a.timerId("day").startToFireTimeout("86400")))));
      // the day-long timer and the ten-day run timeout are in the store only
      assertThat(held(swfd.endpoint())).isZero();

      swfd.restart();
      clock.advance(Duration.ofDays(1).minusMinutes(2));
      await().atMost(Duration.ofSeconds(5)).until(() -> held(swfd.endpoint()) == 1);
      assertThat(types(swf, run)).doesNotContain(EventType.TIMER_FIRED);

      clock.advance(Duration.ofMinutes(2));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> types(swf, run).contains(EventType.TIMER_FIRED));
      HistoryEvent fired =
          history(swf, run).stream()
              .filter(e -> e.eventType() == EventType.TIMER_FIRED)
              .findFirst()
              .orElseThrow();
      assertThat(fired.eventTimestamp()).isEqualTo(T0.plusSeconds(86400));
      assertThat(held(swfd.endpoint())).as("the run timeout is still nine days away").isZero();

      // a jump past the run's timeout and its retention: both fire, the run is gone at the end
      clock.advance(Duration.ofDays(9));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> types(swf, run).contains(EventType.WORKFLOW_EXECUTION_TIMED_OUT));
      clock.advance(Duration.ofDays(1));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  swf.listClosedWorkflowExecutions(
                          r ->
                              r.domain("far")
                                  .startTimeFilter(f -> f.oldestDate(T0.minusSeconds(1))))
                      .executionInfos()
                      .isEmpty());
    }
  }

  private static List<HistoryEvent> history(SwfClient swf, String run) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain("far").execution(e -> e.workflowId("w").runId(run)))
        .events();
  }

  private static List<EventType> types(SwfClient swf, String run) {
    return history(swf, run).stream().map(HistoryEvent::eventType).toList();
  }

  private static long held(URI endpoint) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = Pattern.compile("(?m)^swfd_timers_held(?:\\{[^}]*})? ([0-9.E]+)$").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
