package io.swfd.timecontrol;

import static io.swfd.support.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/** A server started with time control: the admin clock API and auto-skip. */
class TimeControlTest {
  static RunningSwfd swfd;
  static SwfClient swf;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)).withTimeControl(true),
            InstantSource.system());
    swf = swfd.client();
    swf.registerDomain(r -> r.name("tc").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain("tc")
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("dec"))
                .defaultExecutionStartToCloseTimeout("864000")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        r ->
            r.domain("tc")
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name("work"))
                .defaultTaskScheduleToStartTimeout("NONE")
                .defaultTaskScheduleToCloseTimeout("NONE")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskHeartbeatTimeout("3600"));
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  static JsonNode admin(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(swfd.endpoint().resolve(path));
    b = "GET".equals(method) ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  private List<HistoryEvent> history(String workflowId, String runId) {
    return swf.getWorkflowExecutionHistory(
            r -> r.domain("tc").execution(e -> e.workflowId(workflowId).runId(runId)))
        .events();
  }

  @Test
  void aOneHourHeartbeatTimeoutFiresAsSoonAsTheClockIsAdvancedAnHour() throws Exception {
    String run =
        swf.startWorkflowExecution(
                r -> r.domain("tc").workflowId("hb").workflowType(t -> t.name("wf").version("1")))
            .runId();
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("tc").taskList(t -> t.name("dec")));
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    decision(
                        x ->
                            x.decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                                .scheduleActivityTaskDecisionAttributes(
                                    a ->
                                        a.activityId("a")
                                            .activityType(t -> t.name("act").version("1"))))));
    PollForActivityTaskResponse a =
        swf.pollForActivityTask(r -> r.domain("tc").taskList(t -> t.name("work")));
    swf.recordActivityTaskHeartbeat(r -> r.taskToken(a.taskToken()).details("halfway"));
    double before = admin("GET", "/swfd/admin/clock", null).get("now").asDouble();
    JsonNode after = admin("POST", "/swfd/admin/clock/advance", "{\"seconds\": 3600}");
    assertThat(after.get("now").asDouble() - before).isBetween(3600.0, 3600.5);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                history("hb", run).stream()
                    .anyMatch(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT));
    HistoryEvent timedOut =
        history("hb", run).stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_TIMED_OUT)
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.activityTaskTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("HEARTBEAT");
    assertThat(timedOut.activityTaskTimedOutEventAttributes().details()).isEqualTo("halfway");
    assertThat(timedOut.eventTimestamp())
        .isAfterOrEqualTo(Instant.ofEpochMilli((long) (before * 1000)).plusSeconds(3600));
    PollForDecisionTaskResponse d2 =
        swf.pollForDecisionTask(r -> r.domain("tc").taskList(t -> t.name("dec")));
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d2.taskToken())
                .decisions(
                    decision(x -> x.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION))));
  }

  @Test
  void withAutoSkipAnIdleServerJumpsToItsNextTimer() throws Exception {
    String run =
        swf.startWorkflowExecution(
                r -> r.domain("tc").workflowId("skip").workflowType(t -> t.name("wf").version("1")))
            .runId();
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(r -> r.domain("tc").taskList(t -> t.name("dec")));
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d.taskToken())
                .decisions(
                    decision(
                        x ->
                            x.decisionType(DecisionType.START_TIMER)
                                .startTimerDecisionAttributes(
                                    t -> t.timerId("day").startToFireTimeout("86400")))));
    double before = admin("GET", "/swfd/admin/clock", null).get("now").asDouble();
    admin("POST", "/swfd/admin/clock/auto-skip", "{\"enabled\": true}");
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  history("skip", run).stream()
                      .anyMatch(e -> e.eventType() == EventType.TIMER_FIRED));
    } finally {
      admin("POST", "/swfd/admin/clock/auto-skip", "{\"enabled\": false}");
    }
    assertThat(admin("GET", "/swfd/admin/clock", null).get("now").asDouble() - before)
        .isGreaterThanOrEqualTo(86400.0);
    PollForDecisionTaskResponse d2 =
        swf.pollForDecisionTask(r -> r.domain("tc").taskList(t -> t.name("dec")));
    swf.respondDecisionTaskCompleted(
        r ->
            r.taskToken(d2.taskToken())
                .decisions(
                    decision(x -> x.decisionType(DecisionType.COMPLETE_WORKFLOW_EXECUTION))));
  }

  @Test
  void withoutTimeControlThereIsNoAdminApi() throws Exception {
    try (RunningSwfd plain = new RunningSwfd()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(plain.endpoint().resolve("/swfd/admin/clock")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
    }
  }
}
