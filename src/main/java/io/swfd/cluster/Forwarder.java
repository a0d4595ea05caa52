package io.swfd.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The internal channel between the nodes of a cluster: a request a node accepted (its signature and
 * access policy checked there, once) goes on to the node that owns it, as the same AWS JSON call
 * with the cluster's secret in {@link #SECRET_HEADER} (and the caller's region in {@link
 * #REGION_HEADER}); the client gets the owner's answer. The secret is shared through the database
 * (only nodes that can read it can use the channel); it is compared in constant time, and a request
 * that presents a wrong one is refused (403). Over HTTPS when the nodes serve TLS: the owner's
 * certificate must then be trusted by the JVM (its default trust store).
 */
public final class Forwarder {
  public static final String SECRET_HEADER = "x-swfd-cluster-secret";
  public static final String REGION_HEADER = "x-swfd-region";
  public static final String FROM_HEADER = "x-swfd-forwarded-by";

  /** The owner's answer: its status and body, passed on to the client as they are. */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  public record Answer(int status, byte[] body) {}

  private final String secret;
  private final String node;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * @param secret the cluster's secret (the same on every node)
   * @param node this node's id (told to the owner, for its logs)
   * @param timeout how long an owner may take to answer
   */
  public Forwarder(String secret, String node, Duration timeout) {
    this.secret = secret;
    this.node = node;
    this.timeout = timeout;
  }

  /** Whether {@code presented} is the cluster's secret (in constant time). */
  public static boolean matches(String secret, String presented) {
    if (secret == null || presented == null) return false;
    return MessageDigest.isEqual(
        secret.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends the call to the owner at {@code address}; fails (exceptionally) when the owner cannot be
   * reached or does not answer in time.
   */
  public CompletableFuture<Answer> forward(
      String address, String target, byte[] body, String region) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(address + "/"))
            .timeout(timeout)
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", target)
            .header(SECRET_HEADER, secret)
            .header(FROM_HEADER, node)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : body));
    if (region != null) b.header(REGION_HEADER, region);
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (r, t) -> {
              if (t != null) {
                failed.incrementAndGet();
                throw new java.util.concurrent.CompletionException(t);
              }
              answered.incrementAndGet();
              return new Answer(r.statusCode(), r.body());
            });
  }

  /** Requests the owners answered. */
  public long answered() {
    return answered.get();
  }

  /** Requests whose owner could not be reached or did not answer in time. */
  public long failed() {
    return failed.get();
  }
}
