package io.swfd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.server.SwfdServer;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code swfd} command line, run in-process. */
class CliTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SwfdCommand.commandLine(new ServeCommand(env, tmp, false));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run(Map.of(), "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: swfd", "serve", "help", "--version");
  }

  @Test
  void serveHelpExplainsEveryOptionWithItsDefaultAndVariable() {
    Run r = run(Map.of(), "serve", "--help");
    assertThat(r.exitCode()).isZero();
    String text = r.out().replaceAll("\\s+", " "); // undo picocli's line wrapping
    assertThat(text)
        .contains(
            "--host",
            "Default: 127.0.0.1",
            "SWFD_HOST",
            "--port",
            "Default: 7777",
            "SWFD_PORT",
            "0 takes a free port",
            "--data-dir",
            "Default: ./swfd-data",
            "SWFD_DATA_DIR",
            "--account",
            "Default: 123456789012",
            "SWFD_ACCOUNT",
            "--poll-timeout",
            "Default: 55",
            "SWFD_POLL_TIMEOUT",
            "1-60",
            "--config",
            "pollTimeoutSeconds",
            "flag > environment > config file > default");
    // every option picocli knows about is in the help text
    CommandLine cl =
        SwfdCommand.commandLine(new ServeCommand(Map.of(), tmp, false))
            .getSubcommands()
            .get("serve");
    for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
      assertThat(r.out()).contains(o.longestName());
      assertThat(String.join(" ", o.description())).isNotBlank();
    }
  }

  @Test
  void versionNamesSwfdAndJava() {
    Run r = run(Map.of(), "--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("swfd ").contains("Java ");
  }

  @Test
  void missingCommandAndBadOptionsExitWith2() {
    Run none = run(Map.of());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("missing command", "Usage: swfd");

    Run unknown = run(Map.of(), "serve", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option", "Try 'swfd serve --help'");

    Run badEnv = run(Map.of("SWFD_POLL_TIMEOUT", "90"), "serve");
    assertThat(badEnv.exitCode()).isEqualTo(2);
    assertThat(badEnv.err())
        .contains("SWFD_POLL_TIMEOUT: poll timeout 90 s is outside 1-60 seconds");
  }

  @Test
  void servePrintsTheEndpointAndStopsCleanly() throws Exception {
    ServeCommand serve = new ServeCommand(Map.of("SWFD_ACCOUNT", "210987654321"), tmp, false);
    CommandLine cl = SwfdCommand.commandLine(serve);
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cl.execute("serve", "--port", "0", "--data-dir", "rel-data"));
    SwfdServer server = serve.started().get(30, TimeUnit.SECONDS);
    try {
      int port = server.port();
      assertThat(server.config().account()).isEqualTo("210987654321");
      assertThat(server.config().dataDir()).isEqualTo(tmp.resolve("rel-data").toAbsolutePath());
      List<String> lines = out.toString().lines().toList();
      assertThat(lines.get(0))
          .contains("listening on http://127.0.0.1:" + port)
          .contains(tmp.resolve("rel-data").toAbsolutePath().toString());
      assertThat(lines.get(lines.size() - 1))
          .isEqualTo(
              "Try: aws swf list-domains --registration-status REGISTERED"
                  + " --endpoint-url http://127.0.0.1:"
                  + port
                  + " --region us-east-1 --no-sign-request");

      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Files.isDirectory(tmp.resolve("rel-data"))).isTrue();
    } finally {
      serve.requestStop();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aPortInUseIsReportedWithExit1() throws Exception {
    ServeCommand first = new ServeCommand(Map.of(), tmp, false);
    CommandLine cl = SwfdCommand.commandLine(first);
    cl.setOut(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cl.execute("serve", "--port", "0", "--data-dir", "one"));
    int port = first.started().get(30, TimeUnit.SECONDS).port();
    try {
      Run second = run(Map.of(), "serve", "--port", String.valueOf(port), "--data-dir", "two");
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.err())
          .contains("could not start", "cannot listen on http://127.0.0.1:" + port);
    } finally {
      first.requestStop();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }
}
