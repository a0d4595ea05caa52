package io.swfd.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflow;
import com.amazonaws.services.simpleworkflow.model.DescribeDomainRequest;
import com.amazonaws.services.simpleworkflow.model.ListDomainsRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/** What @SwfdTest gives a test: injected clients, the clock, reset(). */
@SwfdTest(pollHoldMillis = 200)
class SwfdExtensionTest {
  @Test
  void injectsBothSdkClientsForTheSameServer(
      SwfClient v2, AmazonSimpleWorkflow v1, Swfd swfd, URI endpoint) {
    assertEquals(swfd.endpoint(), endpoint);
    assertTrue(endpoint.toString().startsWith("http://127.0.0.1:"));
    v2.registerDomain(r -> r.name("both-clients").workflowExecutionRetentionPeriodInDays("1"));
    assertEquals(
        "both-clients",
        v1.describeDomain(new DescribeDomainRequest().withName("both-clients"))
            .getDomainInfo()
            .getName());
    assertSame(v2, swfd.client());
    assertSame(v1, swfd.clientV1());
  }

  @Test
  void resetDropsEverything(SwfClient swf, Swfd swfd) {
    swf.registerDomain(r -> r.name("before-reset").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("before-reset").name("wf").version("1"));
    swf.startWorkflowExecution(
        r ->
            r.domain("before-reset")
                .workflowId("w")
                .workflowType(t -> t.name("wf").version("1"))
                .taskList(t -> t.name("l"))
                .executionStartToCloseTimeout("3600")
                .taskStartToCloseTimeout("60")
                .childPolicy("TERMINATE"));

    swfd.reset();

    assertThrows(
        UnknownResourceException.class, () -> swf.describeDomain(r -> r.name("before-reset")));
    assertEquals(
        List.of(),
        swfd
            .clientV1()
            .listDomains(new ListDomainsRequest().withRegistrationStatus("REGISTERED"))
            .getDomainInfos()
            .stream()
            .filter(d -> d.getName().equals("before-reset"))
            .toList());
    // the same names can be used again at once
    swf.registerDomain(r -> r.name("before-reset").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("before-reset").name("wf").version("1"));
    swf.startWorkflowExecution(
        r ->
            r.domain("before-reset")
                .workflowId("w")
                .workflowType(t -> t.name("wf").version("1"))
                .taskList(t -> t.name("l"))
                .executionStartToCloseTimeout("3600")
                .taskStartToCloseTimeout("60")
                .childPolicy("TERMINATE"));
    assertEquals(
        1,
        swf.countPendingDecisionTasks(r -> r.domain("before-reset").taskList(t -> t.name("l")))
            .count());
  }

  @Test
  void advanceFiresTimersAndReturnsOnceTheyHaveFired(SwfClient swf, Swfd swfd) {
    swf.registerDomain(r -> r.name("timers").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("timers")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("d"))
                .defaultExecutionStartToCloseTimeout("864000")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("TERMINATE"));
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain("timers").workflowId("t").workflowType(t -> t.name("wf").version("1")))
            .runId();
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("timers").taskList(t -> t.name("d")));
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.START_TIMER)
                        .startTimerDecisionAttributes(
                            t -> t.timerId("week").startToFireTimeout(String.valueOf(7 * 86400)))
                        .build()));
    Instant before = swfd.now();

    Instant after = swfd.advance(Duration.ofDays(7));

    assertEquals(before.plus(Duration.ofDays(7)), after);
    List<HistoryEvent> events =
        swf.getWorkflowExecutionHistory(
                r -> r.domain("timers").execution(e -> e.workflowId("t").runId(runId)))
            .events();
    HistoryEvent fired =
        events.stream()
            .filter(e -> e.eventType() == EventType.TIMER_FIRED)
            .findFirst()
            .orElseThrow();
    assertEquals(after, fired.eventTimestamp()); // events are stamped with the virtual clock
    assertEquals(EventType.DECISION_TASK_SCHEDULED, events.get(events.size() - 1).eventType());
  }

  @Test
  void autoSkipJumpsToTheNextDeadlineWhenTheServerIsIdle(SwfClient swf, Swfd swfd)
      throws Exception {
    swfd.reset(); // tasks other tests left waiting for a poller would keep the server from being
    // idle
    swf.registerDomain(r -> r.name("skip").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("skip")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("d"))
                .defaultExecutionStartToCloseTimeout("864000")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("TERMINATE"));
    swf.startWorkflowExecution(
        r -> r.domain("skip").workflowId("s").workflowType(t -> t.name("wf").version("1")));
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("skip").taskList(t -> t.name("d")));
    Instant before = swfd.now();
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.START_TIMER)
                        .startTimerDecisionAttributes(
                            t -> t.timerId("day").startToFireTimeout("86400"))
                        .build()));
    swfd.autoSkip(true);
    try {
      PollForDecisionTaskResponse next =
          swf.pollForDecisionTask(r -> r.domain("skip").taskList(t -> t.name("d")));
      long until =
          System.nanoTime()
              + Duration.ofSeconds(60).toNanos(); // polls answer empty until the skip happens
      while (next.taskToken() == null && System.nanoTime() < until) {
        next = swf.pollForDecisionTask(r -> r.domain("skip").taskList(t -> t.name("d")));
      }
      assertTrue(next.events().stream().anyMatch(e -> e.eventType() == EventType.TIMER_FIRED));
      assertTrue(!swfd.now().isBefore(before.plusSeconds(86400)));
    } finally {
      swfd.autoSkip(false);
    }
  }

  @Nested
  class NestedClasses {
    @Test
    void shareTheEnclosingClassServer(Swfd swfd, SwfClient swf) {
      swf.registerDomain(r -> r.name("nested").workflowExecutionRetentionPeriodInDays("1"));
      assertEquals(
          RegistrationStatus.REGISTERED,
          swfd.client().describeDomain(r -> r.name("nested")).domainInfo().status());
    }
  }
}
