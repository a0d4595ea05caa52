package io.swfd.auth;

import io.swfd.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * SDK v2 clients signing with a given key (no retries, so refusals surface at once), and raw HTTP.
 */
final class Clients {
  private static final HttpClient RAW =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Clients() {}

  static SwfClient sdk(URI endpoint, String keyId, String secret) {
    return sdk(endpoint, keyId, secret, null, Region.US_EAST_1);
  }

  static SwfClient sdk(
      URI endpoint, String keyId, String secret, String sessionToken, Region region) {
    AwsCredentials c =
        sessionToken == null
            ? AwsBasicCredentials.create(keyId, secret)
            : AwsSessionCredentials.create(keyId, secret, sessionToken);
    return SwfClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(StaticCredentialsProvider.create(c))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
        .overrideConfiguration(
            o ->
                o.retryStrategy(RetryMode.STANDARD)
                    .retryStrategy(b -> b.maxAttempts(1))
                    .apiCallAttemptTimeout(Duration.ofSeconds(75)))
        .build();
  }

  record Raw(int status, String type, String message, String body) {}

  /** POST / with these headers and body, unsigned unless the headers sign it. */
  static Raw post(URI endpoint, String target, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) b.header("X-Amz-Target", target);
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String type = null, message = null;
      if (!r.body().isEmpty()) {
        var n = Json.MAPPER.readTree(r.body());
        type = Json.str(n, "__type");
        message = Json.str(n, "message");
      }
      return new Raw(r.statusCode(), type, message, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
