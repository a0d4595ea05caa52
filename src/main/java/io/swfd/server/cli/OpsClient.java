package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.auth.SigV4;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator commands' way to a running server: the SWF JSON API over HTTP, signed with SigV4
 * like any AWS client, so a server with credentials sees the operator's own access key.
 */
final class OpsClient {
  static final String ENV_ENDPOINT = "SWFD_ENDPOINT";
  static final String DEFAULT_ENDPOINT = "http://127.0.0.1:7777";

  /**
   * An SWF error answer ({@code UnknownResourceFault: Unknown domain: x}) or a server that cannot
   * be reached.
   */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  private final URI endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  OpsClient(URI endpoint, String region, String accessKey, String secretKey, String sessionToken) {
    this.endpoint = endpoint;
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  /** Endpoint, region and keys from the options, else the environment (AWS_ACCESS_KEY_ID, ...). */
  static OpsClient from(OpsOptions o, Map<String, String> env) {
    String endpoint = first(o.endpoint, env.get(ENV_ENDPOINT), DEFAULT_ENDPOINT);
    String region =
        first(o.region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), "us-east-1");
    URI uri;
    try {
      uri =
          URI.create(
              endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "--endpoint: '" + endpoint + "' is not a URL like " + DEFAULT_ENDPOINT);
    }
    // without credentials configured swfd accepts any key; these only make the request well formed
    String key = first(env.get("AWS_ACCESS_KEY_ID"), "swfd");
    String secret = first(env.get("AWS_SECRET_ACCESS_KEY"), "swfd");
    return new OpsClient(
        uri,
        region,
        key,
        secret,
        blank(env.get("AWS_SESSION_TOKEN")) ? null : env.get("AWS_SESSION_TOKEN"));
  }

  URI endpoint() {
    return endpoint;
  }

  String region() {
    return region;
  }

  /**
   * Calls {@code SimpleWorkflowService.<operation>} and returns its JSON answer ({} when empty).
   */
  JsonNode call(String operation, ObjectNode input) {
    byte[] body = input.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, String> signed = new LinkedHashMap<>();
    int port = endpoint.getPort();
    boolean defaultPort =
        port < 0
            || (port == 80 && "http".equalsIgnoreCase(endpoint.getScheme()))
            || (port == 443 && "https".equalsIgnoreCase(endpoint.getScheme()));
    String host = defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    signed.put("host", host);
    signed.put("content-type", "application/x-amz-json-1.0");
    signed.put("x-amz-date", SigV4.AMZ_DATE.format(Instant.now()));
    signed.put("x-amz-target", "SimpleWorkflowService." + operation);
    if (sessionToken != null) signed.put("x-amz-security-token", sessionToken);
    String path =
        endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
            ? "/"
            : endpoint.getRawPath();
    String authorization =
        SigV4.authorization(
            accessKey,
            secretKey,
            "POST",
            path,
            signed,
            body,
            Instant.from(SigV4.AMZ_DATE.parse(signed.get("x-amz-date"))),
            region,
            "swf");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(Duration.ofSeconds(70))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", authorization);
    signed.forEach(
        (k, v) -> {
          if (!k.equals("host")) b.header(k, v);
        });
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new Failure(
          "cannot reach swfd at "
              + endpoint
              + " (is it running? --endpoint or "
              + ENV_ENDPOINT
              + " sets where)");
    } catch (IOException e) {
      throw new Failure("request to " + endpoint + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted");
    }
    JsonNode out;
    try {
      out = r.body().length == 0 ? Json.object() : Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new Failure(
          endpoint
              + " answered HTTP "
              + r.statusCode()
              + " with something that is not JSON (is it swfd?)");
    }
    if (r.statusCode() != 200) {
      String type = out.path("__type").asText("HTTP " + r.statusCode());
      String name = type.substring(type.lastIndexOf('#') + 1);
      String message = out.path("message").asText(out.path("Message").asText(""));
      throw new Failure(name + (message.isEmpty() ? "" : ": " + message));
    }
    return out;
  }

  private static String first(String... values) {
    for (String v : values) if (!blank(v)) return v.trim();
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
