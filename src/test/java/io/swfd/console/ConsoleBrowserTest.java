package io.swfd.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.auth.AuthConfig;
import io.swfd.auth.Credential;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The web console end to end in headless Chromium (Debian's chromium, driven by playwright-core
 * from src/test/console-e2e): on a server that checks signatures, runs {@link DemoWorkflow}, then
 * signs in, browses domains and executions with filters, checks the finished workflow's timeline
 * and history (screenshots in target/console-timeline.png and target/console-execution.png),
 * signals, cancels and terminates an open execution, reads pending tasks per task list, downloads a
 * history as JSON, finds a workflow id in two domains, shows the types with their defaults,
 * deprecates and undeprecates them, and starts a run of a workflow type. Skipped when chromium,
 * node or playwright-core ({@code npm ci} in src/test/console-e2e) is missing; .ci/run installs
 * them.
 */
class ConsoleBrowserTest {
  static final Path E2E = Path.of("src/test/console-e2e").toAbsolutePath();
  static final String ACCESS_KEY = "AKIDCONSOLETEST";
  static final String SECRET_KEY = "console-test-secret";

  static String chromium() {
    String c = System.getenv("CHROMIUM");
    return c != null && !c.isBlank() ? c : "/usr/bin/chromium";
  }

  /**
   * A tool this test needs: the test is skipped without it, except on CI ({@code CI=true}, as
   * .ci/run runs), which installs the tools and so fails instead of silently testing nothing.
   */
  static void need(boolean present, String what) {
    if ("true".equals(System.getenv("CI")))
      Assertions.assertTrue(present, what + " (CI=true: .ci/run should have installed it)");
    Assumptions.assumeTrue(present, what);
  }

  static boolean works(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void theConsoleShowsAFinishedWorkflowsTimelineInARealBrowser() throws Exception {
    need(Files.isExecutable(Path.of(chromium())), "no chromium at " + chromium());
    need(works("node", "--version"), "node is not installed");
    need(
        Files.isDirectory(E2E.resolve("node_modules/playwright-core")),
        "playwright-core is not installed: npm ci --prefix src/test/console-e2e");

    ServerConfig config =
        ServerConfig.defaults()
            .withPollTimeout(Duration.ofSeconds(1))
            .withTimeControl(true)
            .withAuth(AuthConfig.of(new Credential(ACCESS_KEY, SECRET_KEY)));
    try (RunningSwfd swfd = new RunningSwfd(config, InstantSource.system());
        SwfClient swf =
            SwfClient.builder()
                .endpointOverride(swfd.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(
                    UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
                .build()) {
      DemoWorkflow demo = new DemoWorkflow(swf, swfd.server().timeControl());
      demo.register();
      DemoWorkflow.Runs runs = demo.run();
      // the same workflow id in a second domain, for the search across domains
      swf.registerDomain(r -> r.name("returns").workflowExecutionRetentionPeriodInDays("7"));
      swf.registerWorkflowType(
          r ->
              r.domain("returns")
                  .name("ProcessReturn")
                  .version("1")
                  .defaultTaskList(t -> t.name("returns"))
                  .defaultChildPolicy("TERMINATE")
                  .defaultExecutionStartToCloseTimeout("3600")
                  .defaultTaskStartToCloseTimeout("60"));
      swf.startWorkflowExecution(
          r ->
              r.domain("returns")
                  .workflowId("order-1001")
                  .workflowType(t -> t.name("ProcessReturn").version("1")));

      Path shots = Path.of("target").toAbsolutePath();
      Files.createDirectories(shots);
      Files.deleteIfExists(shots.resolve("console-timeline.png"));
      ProcessBuilder pb =
          new ProcessBuilder(List.of("node", E2E.resolve("console.e2e.cjs").toString()))
              .directory(E2E.toFile())
              .redirectErrorStream(true);
      pb.environment().put("SWFD_URL", swfd.endpoint().toString());
      pb.environment().put("ACCESS_KEY", ACCESS_KEY);
      pb.environment().put("SECRET_KEY", SECRET_KEY);
      pb.environment().put("COMPLETED_RUN", runs.completedRunId());
      pb.environment().put("OPEN_RUN", runs.openRunId());
      pb.environment().put("SCREENSHOT_DIR", shots.toString());
      pb.environment().put("CHROMIUM", chromium());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = p.waitFor(4, TimeUnit.MINUTES);
      if (!done) p.destroyForcibly();
      System.out.println(out);
      assertThat(done).as("the browser run finished").isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out)
          .contains(
              "ok the timeline and history of a finished workflow",
              "ok terminate",
              "ok download a history as JSON",
              "ok find an execution by workflow ID across domains",
              "ok types with their defaults; deprecate and undeprecate",
              "ok start a run of a workflow type with input, tags and a task list",
              "ok no JavaScript errors");
      assertThat(shots.resolve("console-timeline.png")).isNotEmptyFile();
      // what the console started and undeprecated, as the API sees it
      var started =
          swf.listOpenWorkflowExecutions(
                  r ->
                      r.domain(DemoWorkflow.DOMAIN)
                          .startTimeFilter(f -> f.oldestDate(java.time.Instant.EPOCH))
                          .executionFilter(f -> f.workflowId("order-2001")))
              .executionInfos();
      assertThat(started).hasSize(1);
      assertThat(started.get(0).tagList()).containsExactly("console", "manual");
      var described =
          swf.describeWorkflowExecution(
              r -> r.domain(DemoWorkflow.DOMAIN).execution(started.get(0).execution()));
      assertThat(described.executionConfiguration().taskList().name())
          .isEqualTo("order-decisions-manual");
      assertThat(
              swf.describeActivityType(
                      r ->
                          r.domain(DemoWorkflow.DOMAIN)
                              .activityType(t -> t.name("SendEmail").version("1")))
                  .typeInfo()
                  .statusAsString())
          .isEqualTo("REGISTERED");
    }
  }
}
