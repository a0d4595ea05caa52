package io.swfd.testmodes;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swfd serve --time-control} and {@code --moto-compat}: flags, environment variables, help.
 */
class TestModesCliTest {
  static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path tmp;

  /** Starts {@code swfd serve ARGS} in-process, runs the check, stops it. */
  void serve(Map<String, String> env, List<String> args, ServerCheck check) throws Exception {
    ServeCommand serve = new ServeCommand(env, tmp, false);
    var cl = SwfdCommand.commandLine(serve);
    cl.setOut(new PrintWriter(new StringWriter()));
    List<String> all =
        new ArrayList<>(
            List.of("serve", "--port", "0", "--data-dir", tmp.resolve("data").toString()));
    all.addAll(args);
    Thread t = new Thread(() -> cl.execute(all.toArray(String[]::new)));
    t.start();
    try {
      check.check(serve.started().get(60, TimeUnit.SECONDS));
    } finally {
      serve.requestStop();
      t.join(30_000);
    }
  }

  interface ServerCheck {
    void check(SwfdServer server) throws Exception;
  }

  static int status(SwfdServer s, String method, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.endpoint() + path));
    b =
        method.equals("GET")
            ? b.GET()
            : b.POST(
                HttpRequest.BodyPublishers.ofString(
                    path.startsWith("/moto-api") ? "" : "{\"seconds\": 60}"));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void timeControlFlagTurnsTheClockApiOn() throws Exception {
    serve(
        Map.of(),
        List.of("--time-control"),
        s -> {
          assertThat(s.config().timeControl()).isTrue();
          assertThat(status(s, "GET", "/swfd/admin/clock")).isEqualTo(200);
          var before = s.timeControl().now();
          assertThat(status(s, "POST", "/swfd/admin/clock/advance")).isEqualTo(200);
          assertThat(Duration.between(before, s.timeControl().now()))
              .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
          assertThat(status(s, "POST", "/moto-api/reset"))
              .isEqualTo(404); // moto's API is another mode
        });
  }

  @Test
  void theEnvironmentVariablesTurnTheModesOnToo() throws Exception {
    serve(
        Map.of("SWFD_TIME_CONTROL", "true", "SWFD_MOTO_COMPAT", "1"),
        List.of(),
        s -> {
          assertThat(s.config().timeControl()).isTrue();
          assertThat(s.config().motoCompat()).isTrue();
          assertThat(status(s, "POST", "/moto-api/reset")).isEqualTo(200);
        });
  }

  @Test
  void withoutThemNeitherApiExists() throws Exception {
    serve(
        Map.of(),
        List.of(),
        s -> {
          assertThat(s.config().timeControl()).isFalse();
          assertThat(s.config().pollTimeout()).isEqualTo(Duration.ofSeconds(55));
          assertThat(status(s, "GET", "/swfd/admin/clock")).isEqualTo(404);
          assertThat(status(s, "POST", "/moto-api/reset")).isEqualTo(404);
        });
  }

  @Test
  void motoCompatHoldsIdlePollsOneSecondUnlessAPollTimeoutIsSet() throws Exception {
    serve(
        Map.of(),
        List.of("--moto-compat"),
        s -> assertThat(s.config().pollTimeout()).isEqualTo(Duration.ofSeconds(1)));
    serve(
        Map.of(),
        List.of("--moto-compat", "--poll-timeout", "5"),
        s -> assertThat(s.config().pollTimeout()).isEqualTo(Duration.ofSeconds(5)));
    serve(
        Map.of("SWFD_POLL_TIMEOUT", "7"),
        List.of("--moto-compat"),
        s -> assertThat(s.config().pollTimeout()).isEqualTo(Duration.ofSeconds(7)));
    Path yaml = Files.writeString(tmp.resolve("swfd.yaml"), "pollTimeoutSeconds: 3\n");
    serve(
        Map.of(),
        List.of("--moto-compat", "--config", yaml.toString()),
        s -> assertThat(s.config().pollTimeout()).isEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void aBadValueIsAnInvalidSetting() {
    StringWriter err = new StringWriter();
    var cl =
        SwfdCommand.commandLine(new ServeCommand(Map.of("SWFD_TIME_CONTROL", "maybe"), tmp, false));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("serve", "--port", "0", "--data-dir", tmp.resolve("d").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("SWFD_TIME_CONTROL: 'maybe' is not true or false");
  }

  @Test
  void motoCompatRefusesCredentialsBecauseItAcceptsAnySignature() throws Exception {
    Path yaml =
        Files.writeString(
            tmp.resolve("auth.yaml"),
            "auth:\n  credentials:\n    - accessKeyId: AKID1\n      secretAccessKey: s3cret\n");
    StringWriter err = new StringWriter();
    var cl = SwfdCommand.commandLine(new ServeCommand(Map.of(), tmp, false));
    cl.setErr(new PrintWriter(err));
    assertThat(
            cl.execute(
                "serve",
                "--port",
                "0",
                "--data-dir",
                tmp.resolve("d").toString(),
                "--moto-compat",
                "--config",
                yaml.toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--moto-compat accepts any signature, as moto does: it cannot be used with auth.credentials");
  }

  @Test
  void helpExplainsBothModes() {
    StringWriter out = new StringWriter();
    var cl = SwfdCommand.commandLine(new ServeCommand(Map.of(), tmp, false));
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("serve", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--time-control", "/swfd/admin/clock/advance", "--moto-compat", "/moto-api/reset");
  }
}
