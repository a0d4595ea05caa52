package io.swfd.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.auth.SigV4;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console's SigV4 (src/main/resources/console/sigv4.js), with Web Crypto and with its
 * JavaScript SHA-256 fallback, signs exactly as {@link SigV4} does. Runs the script in node;
 * skipped without node. ConsoleBrowserTest checks the same code against a server that verifies
 * signatures.
 */
class ConsoleSigningTest {
  static final Path SCRIPT = Path.of("src/main/resources/console/sigv4.js").toAbsolutePath();
  static final Path CHECK = Path.of("src/test/console-e2e/sigv4-check.cjs").toAbsolutePath();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void needsNode() {
    ConsoleBrowserTest.need(ConsoleBrowserTest.works("node", "--version"), "node is not installed");
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "us-east-1",
            "127.0.0.1:7777",
            "ListDomains",
            "{\"registrationStatus\":\"REGISTERED\"}"),
        Arguments.of(
            "console-key",
            "s3cr3t with spaces & \u00fcn\u00efc\u00f6d\u00e9",
            "eu-west-1",
            "swfd.example.com",
            "GetWorkflowExecutionHistory",
            "{\"domain\":\"orders\",\"execution\":{\"workflowId\":\"order-1001\",\"runId\":\"22abc\"},\"maximumPageSize\":1000}"),
        // a body longer than one SHA-256 block many times over, with non-ASCII text
        Arguments.of(
            "k",
            "x",
            "ap-southeast-2",
            "[::1]:8080",
            "SignalWorkflowExecution",
            "{\"input\":\"" + "0123456789abcdef\u00e9".repeat(200) + "\"}"),
        Arguments.of("k", "x", "us-west-2", "localhost", "CountPendingActivityTasks", ""));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void signsLikeTheServer(
      String key, String secret, String region, String host, String operation, String body)
      throws Exception {
    String payload = body;
    ObjectNode in = json.createObjectNode();
    in.put("method", "POST")
        .put("path", "/")
        .put("region", region)
        .put("service", "swf")
        .put("accessKeyId", key)
        .put("secretAccessKey", secret)
        .put("body", payload)
        .put("date", "2026-11-29T19:30:05.123Z");
    ObjectNode headers = in.putObject("headers");
    headers
        .put("host", host)
        .put("content-type", "application/x-amz-json-1.0")
        .put("x-amz-target", "SimpleWorkflowService." + operation);

    Process p =
        new ProcessBuilder("node", CHECK.toString(), in.toString(), SCRIPT.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode result = json.readTree(out);

    Map<String, String> signed =
        new TreeMap<>(
            Map.of(
                "host",
                host,
                "content-type",
                "application/x-amz-json-1.0",
                "x-amz-target",
                "SimpleWorkflowService." + operation,
                "x-amz-date",
                "20261129T193005Z"));
    String payloadHash = SigV4.hex(SigV4.sha256(payload.getBytes(StandardCharsets.UTF_8)));
    String expected =
        SigV4.signature(
            secret, "POST", "/", "", signed, payloadHash, "20261129T193005Z", region, "swf");

    assertThat(result.get("webCrypto").asBoolean()).as("node has Web Crypto").isTrue();
    for (String impl : new String[] {"web", "js"}) {
      JsonNode r = result.get(impl);
      assertThat(r.get("canonicalRequest").asText())
          .as(impl)
          .isEqualTo(SigV4.canonicalRequest("POST", "/", "", signed, payloadHash));
      assertThat(r.get("signature").asText()).as(impl).isEqualTo(expected);
      assertThat(r.get("authorization").asText())
          .as(impl)
          .isEqualTo(
              "AWS4-HMAC-SHA256 Credential="
                  + key
                  + "/20261129/"
                  + region
                  + "/swf/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
                  + expected);
    }
  }

  static {
    if (!Files.exists(SCRIPT)) throw new IllegalStateException("missing " + SCRIPT);
  }
}
