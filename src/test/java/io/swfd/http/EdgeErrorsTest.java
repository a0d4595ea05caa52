package io.swfd.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.swfd.api.Json;
import io.swfd.api.SwfApi;
import io.swfd.api.validation.ApiModel;
import io.swfd.auth.AuthConfig;
import io.swfd.auth.Credential;
import io.swfd.auth.SigV4;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * What answers input that swfd's HTTP edge must refuse: malformed SigV4 headers (every mode),
 * broken bodies of the time-control and moto endpoints, and errors that reach the top. Never a 500
 * for a client's mistake, never Jetty's HTML page.
 */
class EdgeErrorsTest {
  static final HttpClient http = HttpClient.newHttpClient();
  static final String KEY = "AKIAEDGE000000000001", SECRET = "edge-secret";

  record Answer(int status, String contentType, String body) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(body);
    }

    String type() throws Exception {
      return json().path("__type").asText().replaceAll(".*#", "");
    }
  }

  static Answer send(
      URI endpoint, String method, String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
  }

  static Answer post(URI endpoint, String path, String body) throws Exception {
    return send(endpoint, "POST", path, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- 8. malformed SigV4 headers

  /** Authorization headers (with X-Amz-Date when the second element is not null) AWS refuses. */
  static final List<String[]> MALFORMED =
      List.of(
          new String[] {"AWS4-HMAC-SHA256 Credential=/,,,", "20300101T000000Z"},
          new String[] {"AWS4-HMAC-SHA256 Credential=/", "20300101T000000Z"},
          new String[] {
            "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=00", "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101/us-east-1/swf,"
                + " SignedHeaders=host, Signature=00",
            "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "//us-east-1/swf/aws4_request,"
                + " SignedHeaders=host, Signature=00",
            "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential=/20300101/us-east-1/swf/aws4_request,"
                + " SignedHeaders=host, Signature=00",
            "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101//swf/aws4_request,"
                + " SignedHeaders=host, Signature=00",
            "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101/us-east-1/swf/aws4_request/x,"
                + " SignedHeaders=host, Signature=00",
            "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101/us-east-1/swf/nope,"
                + " SignedHeaders=host, Signature=00",
            "20300101T000000Z"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101/us-east-1/swf/aws4_request,"
                + " SignedHeaders=host, Signature=00",
            "not-a-date"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101/us-east-1/swf/aws4_request,"
                + " SignedHeaders=host, Signature=00",
            "2030"
          },
          new String[] {
            "AWS4-HMAC-SHA256 Credential="
                + KEY
                + "/20300101/us-east-1/swf/aws4_request,"
                + " SignedHeaders=host, Signature=00",
            null
          },
          new String[] {"AWS4-HMAC-SHA256", "20300101T000000Z"},
          new String[] {"AWS4-HMAC-SHA256 Credential", "20300101T000000Z"},
          new String[] {"AWS4-HMAC-SHA1 Credential=a/b/c/d/e", "20300101T000000Z"},
          new String[] {"Basic Zm9vOmJhcg==", null});

  static void assertMalformedSignaturesRefused(URI endpoint) throws Exception {
    for (String[] m : MALFORMED) {
      Map<String, String> h = new TreeMap<>();
      h.put("Authorization", m[0]);
      if (m[1] != null) h.put("X-Amz-Date", m[1]);
      h.put("X-Amz-Target", "SimpleWorkflowService.ListDomains");
      h.put("Content-Type", "application/x-amz-json-1.0");
      Answer a =
          send(
              endpoint,
              "POST",
              "/",
              h,
              "{\"registrationStatus\":\"REGISTERED\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(a.status()).as(m[0] + " / " + m[1] + ": " + a.body()).isIn(400, 403);
      assertThat(a.type())
          .as(m[0] + " / " + m[1])
          .isIn("IncompleteSignatureException", "InvalidSignatureException");
      assertThat(a.json().path("message").asText()).isNotBlank();
    }
  }

  static SwfClient assertStillAnswers(RunningSwfd swfd, SwfClient swf) {
    assertThat(swf.listDomains(r -> r.registrationStatus("REGISTERED")).domainInfos()).isNotNull();
    return swf;
  }

  @Test
  void malformedSignatureHeadersAreAwsErrorsWithoutCredentials() throws Exception {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      assertMalformedSignaturesRefused(swfd.endpoint());
      // any key, any signature, and unsigned requests are still fine
      assertStillAnswers(swfd, swf);
      Answer unsigned =
          send(
              swfd.endpoint(),
              "POST",
              "/",
              Map.of(
                  "X-Amz-Target",
                  "SimpleWorkflowService.ListDomains",
                  "Content-Type",
                  "application/x-amz-json-1.0"),
              "{\"registrationStatus\":\"REGISTERED\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(unsigned.status()).isEqualTo(200);
      Answer wrongSignature =
          send(
              swfd.endpoint(),
              "POST",
              "/",
              Map.of(
                  "Authorization",
                  "AWS4-HMAC-SHA256 Credential=ANYKEY/20300101/eu-west-1/swf/aws4_request,"
                      + " SignedHeaders=host;x-amz-date, Signature=0000",
                  "X-Amz-Date",
                  "20300101T000000Z",
                  "X-Amz-Target",
                  "SimpleWorkflowService.ListDomains",
                  "Content-Type",
                  "application/x-amz-json-1.0"),
              "{\"registrationStatus\":\"REGISTERED\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(wrongSignature.status()).as(wrongSignature.body()).isEqualTo(200);
    }
  }

  @Test
  void malformedSignatureHeadersAreAwsErrorsWithCredentials() throws Exception {
    try (RunningSwfd swfd =
        new RunningSwfd(
            ServerConfig.defaults().withAuth(AuthConfig.of(new Credential(KEY, SECRET))),
            InstantSource.system())) {
      assertMalformedSignaturesRefused(swfd.endpoint());
      Instant now = Instant.now();
      Map<String, String> h = new TreeMap<>();
      String host = swfd.endpoint().getHost() + ":" + swfd.endpoint().getPort();
      h.put("host", host);
      h.put("x-amz-date", SigV4.AMZ_DATE.format(now));
      byte[] body = "{\"registrationStatus\":\"REGISTERED\"}".getBytes(StandardCharsets.UTF_8);
      Answer ok =
          send(
              swfd.endpoint(),
              "POST",
              "/",
              Map.of(
                  "Authorization",
                  SigV4.authorization(KEY, SECRET, "POST", "/", h, body, now, "us-east-1", "swf"),
                  "X-Amz-Date",
                  h.get("x-amz-date"),
                  "X-Amz-Target",
                  "SimpleWorkflowService.ListDomains",
                  "Content-Type",
                  "application/x-amz-json-1.0"),
              body);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }
  }

  @Test
  void malformedSignatureHeadersAreAwsErrorsInMotoMode() throws Exception {
    try (RunningSwfd swfd =
            new RunningSwfd(ServerConfig.defaults().withMotoCompat(true), InstantSource.system());
        SwfClient swf = swfd.client()) {
      assertMalformedSignaturesRefused(swfd.endpoint());
      assertStillAnswers(swfd, swf);
    }
  }

  // ---------------------------------------------------------------- 9. admin and moto bodies

  @Test
  void theClockApiRefusesWhatItCannotReadAndThenLeavesTheClockAlone() throws Exception {
    try (RunningSwfd swfd =
        new RunningSwfd(ServerConfig.defaults().withTimeControl(true), InstantSource.system())) {
      URI e = swfd.endpoint();
      Instant before = swfd.server().timeControl().now();
      String[][] refused = {
        {"/swfd/admin/clock/advance", "", "give exactly one of"},
        {"/swfd/admin/clock/advance", "   ", "give exactly one of"},
        {"/swfd/admin/clock/advance", "{}", "give exactly one of"},
        {"/swfd/admin/clock/advance", "not json", "not JSON"},
        {"/swfd/admin/clock/advance", "{\"seconds\": 5", "not JSON"},
        {"/swfd/admin/clock/advance", "{\"seconds\": 5} {}", "not JSON"},
        {"/swfd/admin/clock/advance", "[]", "must be a JSON object, not an array"},
        {"/swfd/admin/clock/advance", "null", "must be a JSON object, not null"},
        {"/swfd/admin/clock/advance", "5", "must be a JSON object, not a number"},
        {"/swfd/admin/clock/advance", "{\"secs\": 5}", "unknown member \"secs\""},
        {"/swfd/admin/clock/advance", "{\"seconds\": 5, \"x\": 1}", "unknown member \"x\""},
        {"/swfd/admin/clock/advance", "{\"seconds\": \"abc\"}", "\"seconds\" must be a number"},
        {"/swfd/admin/clock/advance", "{\"seconds\": \"60\"}", "\"seconds\" must be a number"},
        {"/swfd/admin/clock/advance", "{\"seconds\": null}", "\"seconds\" must be a number"},
        {"/swfd/admin/clock/advance", "{\"seconds\": true}", "\"seconds\" must be a number"},
        {"/swfd/admin/clock/advance", "{\"seconds\": -1}", "must not be negative"},
        {"/swfd/admin/clock/advance", "{\"seconds\": 1e300}", "at most"},
        {"/swfd/admin/clock/advance", "{\"seconds\": 1e999999}", ""},
        {"/swfd/admin/clock/advance", "{\"seconds\": 99999999999999999999999999}", "at most"},
        {"/swfd/admin/clock/advance", "{\"duration\": \"P1X\"}", "not an ISO-8601 duration"},
        {"/swfd/admin/clock/advance", "{\"duration\": 60}", "\"duration\" must be"},
        {"/swfd/admin/clock/advance", "{\"duration\": \"-PT1H\"}", "must not be negative"},
        {"/swfd/admin/clock/advance", "{\"duration\": \"PT999999999999H\"}", "at most"},
        {"/swfd/admin/clock/advance", "{\"seconds\": 1, \"duration\": \"PT1S\"}", "exactly one"},
        {"/swfd/admin/clock/advance", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", ""},
        {"/swfd/admin/clock/auto-skip", "", "missing \"enabled\""},
        {"/swfd/admin/clock/auto-skip", "{\"enabled\": \"yes\"}", "must be true or false"},
        {"/swfd/admin/clock/auto-skip", "{\"enabled\": 1}", "must be true or false"},
        {"/swfd/admin/clock/auto-skip", "{\"enabled\": true, \"x\": 1}", "unknown member"},
        {"/swfd/admin/clock/auto-skip", "{\"enable\": true}", "unknown member \"enable\""},
      };
      for (String[] c : refused) {
        Answer a = post(e, c[0], c[1]);
        assertThat(a.status()).as(c[1] + ": " + a.body()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().path("message").asText()).as(c[1]).contains(c[2]).isNotBlank();
      }
      Answer big = post(e, "/swfd/admin/clock/advance", "{\"x\":\"" + "a".repeat(70_000) + "\"}");
      assertThat(big.status()).isEqualTo(413);
      assertThat(big.json().path("message").asText()).contains("larger than");
      Answer notUtf8 =
          send(
              e, "POST", "/swfd/admin/clock/advance", Map.of(), new byte[] {'{', (byte) 0xff, '}'});
      assertThat(notUtf8.status()).isEqualTo(400);
      assertThat(notUtf8.json().path("message").asText()).contains("UTF-8");
      // wrong method, unknown resource
      Answer get = send(e, "GET", "/swfd/admin/clock/advance", Map.of(), null);
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.json().path("message").asText()).isEqualTo("use POST");
      assertThat(post(e, "/swfd/admin/clock", "{}").status()).isEqualTo(405);
      Answer nope = post(e, "/swfd/admin/clock/nope", "{}");
      assertThat(nope.status()).isEqualTo(404);
      assertThat(nope.json().path("message").asText()).contains("/swfd/admin/clock/nope");
      assertThat(swfd.server().timeControl().now()).isEqualTo(before);
      assertThat(swfd.server().timeControl().autoSkip()).isFalse();

      // what is right still works
      assertThat(post(e, "/swfd/admin/clock/advance", "{\"seconds\": 1.5}").status())
          .isEqualTo(200);
      assertThat(swfd.server().timeControl().now()).isEqualTo(before.plusMillis(1500));
      assertThat(post(e, "/swfd/admin/clock/advance", "{\"duration\": \"PT2S\"}").status())
          .isEqualTo(200);
      assertThat(post(e, "/swfd/admin/clock/advance", "{\"seconds\": 0}").status()).isEqualTo(200);
      assertThat(swfd.server().timeControl().now()).isEqualTo(before.plusMillis(3500));
      assertThat(post(e, "/swfd/admin/clock/auto-skip", "{\"enabled\": false}").status())
          .isEqualTo(200);
    }
  }

  @Test
  void motosResetTakesNoBody() throws Exception {
    try (RunningSwfd swfd =
            new RunningSwfd(ServerConfig.defaults().withMotoCompat(true), InstantSource.system());
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("kept").workflowExecutionRetentionPeriodInDays("1"));
      URI e = swfd.endpoint();
      for (String bad : List.of("x", "{\"all\": true}", "[]", "{", "null")) {
        Answer a = post(e, "/moto-api/reset", bad);
        assertThat(a.status()).as(bad + ": " + a.body()).isEqualTo(400);
        assertThat(a.json().path("message").asText()).isNotBlank();
      }
      Answer get = send(e, "GET", "/moto-api/reset", Map.of(), null);
      assertThat(get.status()).isEqualTo(405);
      assertThat(get.json().path("message").asText()).isEqualTo("use POST");
      // nothing was reset
      assertThat(swf.describeDomain(r -> r.name("kept")).domainInfo().name()).isEqualTo("kept");
      for (String ok : List.of("", "{}")) {
        Answer a = post(e, "/moto-api/reset", ok);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("status").asText()).isEqualTo("ok");
      }
    }
  }

  // ---------------------------------------------------------------- 10. errors at the top

  @Test
  void anErrorThatReachesTheTopIsAnInternalFailureInJsonLoggedOnce() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    HttpServer server =
        new HttpServer(
            "127.0.0.1",
            0,
            new SwfApi(ApiModel.load()),
            "123456789012",
            () -> {
              throw new IllegalStateException("bug in the health check");
            });
    server.addHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            if (!Request.getPathInContext(request).equals("/boom")) return false;
            throw new IllegalStateException("bug in a handler");
          }
        });
    server.start();
    try {
      URI e = URI.create("http://127.0.0.1:" + server.port());
      for (String path : List.of("/health", "/boom")) {
        logged.list.clear();
        Answer a = send(e, "GET", path, Map.of(), null);
        assertThat(a.status()).as(path).isEqualTo(500);
        assertThat(a.contentType()).startsWith("application/");
        assertThat(a.type()).isEqualTo("InternalFailure");
        assertThat(a.json().path("message").asText()).isEqualTo("Internal failure");
        assertThat(a.body()).doesNotContain("bug in", "<html", "Exception");
        assertThat(
                logged.list.stream()
                    .filter(l -> l.getThrowableProxy() != null)
                    .filter(l -> l.getThrowableProxy().getMessage().startsWith("bug in"))
                    .count())
            .as("logged once: " + path)
            .isEqualTo(1);
      }
      // what Jetty answers itself is JSON too
      Answer missing = send(e, "GET", "/no/such/page", Map.of(), null);
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.contentType()).startsWith("application/json");
      assertThat(missing.json().path("message").asText()).isEqualTo("Not Found");
      String raw = rawExchange(e, "GARBAGE\r\n\r\n");
      assertThat(raw).startsWith("HTTP/1.1 400").doesNotContain("<html").contains("{\"message\"");
      // and the server goes on answering
      assertThat(post(e, "/", "{}").status()).isEqualTo(400);
    } finally {
      server.stop();
      root.detachAppender(logged);
    }
  }

  static String rawExchange(URI e, String request) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(e.getHost(), e.getPort()), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
