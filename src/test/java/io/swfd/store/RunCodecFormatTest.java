package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.run.Lifecycles;
import io.swfd.run.RunState;
import io.swfd.store.jdbc.RunCodec;
import org.junit.jupiter.api.Test;

/**
 * The JSON of a run's info and of its items' rows is the one the stores already hold: the immutable
 * items write the members the mutable ones wrote, and read rows written before them.
 */
class RunCodecFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static void sameJson(String actual, String expected) throws Exception {
    assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void itemsWriteTheMembersTheyAlwaysWrote() throws Exception {
    RunState.ActivityState a =
        new RunState.ActivityState(
                5, "a", "t", "1", "list", "0", "10", "NONE", "30", "40", 1000, 0, 0, 0, null, 0)
            .start(6, 2000)
            .heartbeat(2500, "d");
    sameJson(
        RunCodec.item(a),
        """
        {"scheduledEventId":5,"activityId":"a","typeName":"t","typeVersion":"1","taskList":"list",
         "taskPriority":"0","scheduleToStartTimeout":"10","scheduleToCloseTimeout":"NONE",
         "startToCloseTimeout":"30","heartbeatTimeout":"40","scheduledAt":1000,"startedEventId":6,
         "startedAt":2000,"lastHeartbeatAt":2500,"heartbeatDetails":"d","cancelRequestedEventId":0}
        """);
    sameJson(
        RunCodec.item(new RunState.TimerState("t1", 6, 9000)),
        """
        {"timerId":"t1","startedEventId":6,"fireAt":9000}""");
    sameJson(
        RunCodec.item(
            new RunState.ChildState(
                    7, 4, "kid", "wf", "1", "60", "10", "l", "0", "TERMINATE", null, null, 0)
                .start("r", 9)),
        """
        {"initiatedEventId":7,"decisionTaskCompletedEventId":4,"workflowId":"kid","typeName":"wf",
         "typeVersion":"1","executionStartToCloseTimeout":"60","taskStartToCloseTimeout":"10",
         "taskList":"l","taskPriority":"0","childPolicy":"TERMINATE","runId":"r","startedEventId":9}
        """);
    sameJson(
        RunCodec.item(
            new RunState.ExternalState(RunState.ExternalState.Kind.SIGNAL, 8, 4, "w", null, "go")),
        """
        {"kind":"SIGNAL","initiatedEventId":8,"decisionTaskCompletedEventId":4,"workflowId":"w",
         "signalName":"go"}""");
    sameJson(
        RunCodec.item(new RunState.LambdaState(9, "id", "fn", "300", 10)),
        """
        {"scheduledEventId":9,"id":"id","name":"fn","startToCloseTimeout":"300","startedEventId":10}
        """);
  }

  @Test
  void rowsAndInfoWrittenBeforeReadBack() {
    RunState.ExternalState x =
        RunCodec.item(
            "{\"kind\":\"CANCEL\",\"initiatedEventId\":8,\"decisionTaskCompletedEventId\":4,"
                + "\"workflowId\":\"w\",\"runId\":\"r\"}",
            RunState.ExternalState.class);
    assertThat(x.kind).isEqualTo(RunState.ExternalState.Kind.CANCEL);
    assertThat(x.runId).isEqualTo("r");
    RunState.ActivityState a =
        RunCodec.item(
            "{\"scheduledEventId\":5,\"activityId\":\"a\",\"startedEventId\":6}",
            RunState.ActivityState.class);
    assertThat(a.status()).isEqualTo(Lifecycles.ActivityStatus.STARTED);
    assertThat(a.heartbeatDetails).isNull();

    RunState s =
        RunCodec.state(
            "{\"runPk\":3,\"version\":2,\"status\":\"CLOSED\",\"closeStatus\":\"TIMED_OUT\","
                + "\"decision\":{\"status\":\"STARTED\",\"scheduledEventId\":2,"
                + "\"startedEventId\":3,\"wakePending\":true,\"previousStartedEventId\":0}}");
    assertThat(s.status).isEqualTo(Lifecycles.RunStatus.CLOSED);
    assertThat(s.closeStatus).isEqualTo(RunState.CloseStatus.TIMED_OUT);
    assertThat(s.decision.isStarted()).isTrue();
    assertThat(s.decision.wakePending).isTrue();
    assertThat(RunState.DecisionTaskState.none().isNone())
        .as("reading a run does not change a decision task in place")
        .isTrue();
    String info = RunCodec.state(s);
    assertThat(info).contains("\"status\":\"CLOSED\"").contains("\"closeStatus\":\"TIMED_OUT\"");
    assertThat(info).contains("\"decision\":{\"status\":\"STARTED\"");
    assertThat(info).doesNotContain("activities").doesNotContain("\"started\"");
  }
}
