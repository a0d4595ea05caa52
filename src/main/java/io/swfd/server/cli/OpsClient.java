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
import javax.net.ssl.SSLContext;

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
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private final URI endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final String sessionToken;
  private final HttpClient http;

  /** Where {@link #call} found its certificate trust: "--ca-bundle F", "AWS_CA_BUNDLE" or null. */
  private final String trustSource;

  private final boolean verify;

  OpsClient(
      URI endpoint,
      String region,
      AwsCredentials.Keys keys,
      SSLContext tls,
      String trustSource,
      boolean verify) {
    this.endpoint = endpoint;
    this.region = region;
    this.accessKey = keys.accessKeyId();
    this.secretKey = keys.secretAccessKey();
    this.sessionToken = keys.sessionToken();
    this.trustSource = trustSource;
    this.verify = verify;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) b.sslContext(tls);
    this.http = b.build();
  }

  /**
   * Endpoint, region, keys and certificate trust from the options, else the environment and the AWS
   * CLI's files: the keys from {@code --profile}, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
   * (AWS_SESSION_TOKEN), else the profile AWS_PROFILE or {@code default} of ~/.aws/credentials and
   * ~/.aws/config; the region from --region, AWS_REGION, AWS_DEFAULT_REGION, the profile.
   */
  static OpsClient from(OpsOptions o, Map<String, String> env) {
    String endpoint = first(o.endpoint, env.get(ENV_ENDPOINT), DEFAULT_ENDPOINT);
    AwsCredentials.Profile profile = AwsCredentials.profile(o.profile, env);
    String region =
        first(
            o.region,
            env.get("AWS_REGION"),
            env.get("AWS_DEFAULT_REGION"),
            profile.region(),
            "us-east-1");
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
    AwsCredentials.Keys keys = AwsCredentials.keys(o.profile, env, profile);
    SSLContext tls = null;
    String trust = null;
    if (o.noVerifySsl) {
      tls = Trust.trustingEveryone();
    } else if (o.caBundle != null) {
      tls = Trust.bundle(o.caBundle, "--ca-bundle");
      trust = "--ca-bundle " + o.caBundle;
    } else if (!blank(env.get("AWS_CA_BUNDLE"))) {
      tls = Trust.bundle(java.nio.file.Path.of(env.get("AWS_CA_BUNDLE").trim()), "AWS_CA_BUNDLE");
      trust = "AWS_CA_BUNDLE " + env.get("AWS_CA_BUNDLE").trim();
    }
    return new OpsClient(uri, region, keys, tls, trust, !o.noVerifySsl);
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
    HttpResponse<byte[]> r = send(b.build());
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

  /** Sends {@code request}; a failure to reach swfd becomes a {@link Failure} that says why. */
  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new Failure(
          "cannot reach swfd at "
              + endpoint
              + " (is it running? --endpoint or "
              + ENV_ENDPOINT
              + " sets where)");
    } catch (IOException e) {
      throw new Failure(explain(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted");
    }
  }

  /** {@code GET path} (unsigned: /health and the like) and its JSON answer, whatever its status. */
  JsonNode get(String path) {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new Failure(
          endpoint
              + " answered HTTP "
              + r.statusCode()
              + " with something that is not JSON (is it swfd?)");
    }
  }

  /** What a failed connection means, in the terms of the options that fix it. */
  private String explain(IOException e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) all.append(' ').append(t);
    String text = all.toString();
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    if (https
        && (text.contains("nrecognized SSL message") || text.contains("plaintext connection"))) {
      return endpoint
          + " does not answer TLS: the server serves plain HTTP (use http://"
          + endpoint.getRawAuthority()
          + endpoint.getRawPath()
          + ")";
    }
    if (https
        && (text.contains("PKIX path") || text.contains("unable to find valid certification"))) {
      return "the certificate of "
          + endpoint
          + " is not trusted"
          + (trustSource == null ? "" : " by " + trustSource)
          + ": give its CA (for swfd's self-signed certificate: the certificate itself) with"
          + " --ca-bundle FILE or AWS_CA_BUNDLE, or skip the check with --no-verify-ssl";
    }
    if (https
        && verify
        && (text.contains("No subject alternative") || text.contains("No name matching"))) {
      return "the certificate of "
          + endpoint
          + " is not issued for "
          + endpoint.getHost()
          + ": use a host name it names, or skip the check with --no-verify-ssl";
    }
    if (!https
        && (text.contains("header parser received no bytes")
            || text.contains("Connection reset")
            || text.contains("EOF reached")
            || text.contains("Invalid status line")
            || text.contains("closed"))) {
      return endpoint
          + " closed the connection without an HTTP answer: if the server serves HTTPS (swfd with"
          + " --tls-cert or --tls-keystore), use https://"
          + endpoint.getRawAuthority()
          + endpoint.getRawPath();
    }
    return "request to " + endpoint + " failed: " + e;
  }

  private static String first(String... values) {
    for (String v : values) if (!blank(v)) return v.trim();
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
