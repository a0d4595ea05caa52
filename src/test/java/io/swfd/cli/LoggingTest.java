package io.swfd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.support.TestClassPath;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/**
 * swfd's logs as a user sees them: {@code swfd serve} as a process of its own (swfd's built-in log
 * set-up, not the tests' logback-test.xml), its stderr read after a SIGTERM stop.
 */
class LoggingTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+),");
  @TempDir static Path tmp;
  static String classPath;

  @BeforeAll
  static void classPath() throws Exception {
    Path copies = tmp.resolve("classes");
    classPath = TestClassPath.snapshot(copies);
    // without the tests' logging configuration, swfd sets up its own, as in production
    try (var files = Files.walk(copies)) {
      for (Path f : files.filter(p -> p.endsWith("logback-test.xml")).toList()) Files.delete(f);
    }
  }

  record Stopped(List<String> out, List<String> err) {}

  /** Starts {@code swfd serve ARGS}, runs {@code calls} against it, stops it with SIGTERM. */
  static Stopped serve(
      Map<String, String> env, java.util.function.Consumer<SwfClient> calls, String... args)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "io.swfd.server.Main",
                "serve",
                "--port",
                "0",
                "--ephemeral"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SWFD_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      int port = -1;
      for (int i = 0; i < 1200 && port < 0; i++) {
        Matcher m = LISTENING.matcher(Files.readString(out));
        if (m.find()) port = Integer.parseInt(m.group(1));
        else if (!p.isAlive()) throw new AssertionError("swfd exited: " + Files.readString(err));
        else Thread.sleep(100);
      }
      assertThat(port).as("port; stderr: %s", Files.readString(err)).isPositive();
      try (SwfClient swf =
          SwfClient.builder()
              .endpointOverride(URI.create("http://127.0.0.1:" + port))
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("AKIDLOGTEST", "secret")))
              .httpClient(
                  UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
              .build()) {
        calls.accept(swf);
      }
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
    return new Stopped(Files.readAllLines(out), Files.readAllLines(err));
  }

  @Test
  void jsonLogsCarryTheLifecycleAndOneAccessLinePerCall() throws Exception {
    Stopped s =
        serve(
            Map.of(),
            swf -> {
              swf.registerDomain(r -> r.name("logs").workflowExecutionRetentionPeriodInDays("1"));
              assertThatThrownBy(() -> swf.describeDomain(r -> r.name("nope")))
                  .isInstanceOf(UnknownResourceException.class);
            },
            "--access-log",
            "--log-format",
            "json");
    // stdout: only the startup lines
    assertThat(s.out().get(0)).startsWith("swfd ").contains(" listening on ");
    assertThat(s.out().get(s.out().size() - 1)).startsWith("Try: ");

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : s.err()) events.add(json.readTree(line)); // every line is one JSON object
    List<String> messages = events.stream().map(e -> e.path("message").asText()).toList();
    assertThat(events).allSatisfy(e -> assertThat(e.path("time").asText()).endsWith("Z"));
    assertThat(messages)
        .anyMatch(m -> m.contains(" starting: host 127.0.0.1"))
        .anyMatch(m -> m.startsWith("store opened: SQLite "))
        .anyMatch(m -> m.startsWith("recovered 0 open runs"))
        .anyMatch(m -> m.startsWith("listening on http://127.0.0.1:"))
        .anyMatch(m -> m.equals("stopping"))
        .anyMatch(m -> m.equals("stopped"));

    List<JsonNode> access =
        events.stream().filter(e -> e.path("logger").asText().equals("swfd.access")).toList();
    assertThat(access).hasSize(2);
    JsonNode register = access.get(0);
    assertThat(register.path("level").asText()).isEqualTo("INFO");
    assertThat(register.path("accessKey").asText()).isEqualTo("AKIDLOGTEST");
    assertThat(register.path("region").asText()).isEqualTo("us-east-1");
    assertThat(register.path("operation").asText()).isEqualTo("RegisterDomain");
    assertThat(register.path("domain").asText()).isEqualTo("logs");
    assertThat(register.path("status").asInt()).isEqualTo(200);
    assertThat(register.path("fault").isNull()).isTrue();
    assertThat(register.path("ms").isNumber()).isTrue();
    assertThat(register.path("message").asText())
        .matches("AKIDLOGTEST us-east-1 RegisterDomain logs 200 \\d+\\.\\dms");
    JsonNode refused = access.get(1);
    assertThat(refused.path("operation").asText()).isEqualTo("DescribeDomain");
    assertThat(refused.path("domain").asText()).isEqualTo("nope");
    assertThat(refused.path("status").asInt()).isEqualTo(400);
    assertThat(refused.path("fault").asText()).isEqualTo("UnknownResourceFault");
  }

  @Test
  void theLevelHidesTheLifecycleButNotTheAccessLogWhichIsOffByDefault() throws Exception {
    Stopped quiet =
        serve(
            Map.of("SWFD_LOG_LEVEL", "warn"),
            swf -> swf.listDomains(r -> r.registrationStatus("REGISTERED")),
            "--access-log");
    assertThat(quiet.err()).noneMatch(l -> l.contains(" INFO ") && !l.contains("swfd.access"));
    assertThat(quiet.err())
        .anyMatch(
            l ->
                l.matches(
                    ".* INFO  \\[.*\\] swfd.access - AKIDLOGTEST us-east-1 ListDomains - 200 \\d+\\.\\dms"));

    Stopped plain =
        serve(Map.of(), swf -> swf.listDomains(r -> r.registrationStatus("REGISTERED")));
    assertThat(plain.err())
        .anyMatch(
            l -> l.matches(".* INFO  \\[main\\] io.swfd.server.SwfdServer - store opened: .*"))
        .noneMatch(l -> l.contains("swfd.access"));
  }
}
