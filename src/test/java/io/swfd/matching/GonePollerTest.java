package io.swfd.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;

/** A poll whose client went away must not swallow a task. */
class GonePollerTest {
  @Test
  void aTaskIsNotHandedToAPollerWhoseConnectionClosed() throws Exception {
    try (RunningSwfd swfd =
            new RunningSwfd(
                ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(30)),
                InstantSource.system());
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("gone").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          r ->
              r.domain("gone")
                  .name("wf")
                  .version("1")
                  .defaultTaskList(t -> t.name("dec"))
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("30")
                  .defaultChildPolicy("TERMINATE"));
      String body = "{\"domain\":\"gone\",\"taskList\":{\"name\":\"dec\"}}";
      try (Socket s = new Socket(swfd.endpoint().getHost(), swfd.endpoint().getPort())) {
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
                    + "X-Amz-Target: SimpleWorkflowService.PollForDecisionTask\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n"
                    + body)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> parked(swfd) == 1);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> parked(swfd) == 0);
      swf.startWorkflowExecution(
          r -> r.domain("gone").workflowId("w").workflowType(t -> t.name("wf").version("1")));
      var task = swf.pollForDecisionTask(r -> r.domain("gone").taskList(t -> t.name("dec")));
      assertThat(task.taskToken()).isNotNull();
    }
  }

  private static int parked(RunningSwfd swfd) {
    return swfd.server()
        .queues()
        .parked(new TaskListKey("us-east-1", "gone", TaskListKey.Kind.DECISION, "dec"));
  }
}
