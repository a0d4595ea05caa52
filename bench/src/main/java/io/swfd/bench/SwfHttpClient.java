package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare SWF client over HTTP/1.1 (AWS JSON 1.0: {@code POST /} with {@code X-Amz-Target}), so the
 * benchmark measures the server rather than an SDK. Requests are unsigned; with {@code scopeOnly}
 * they carry an Authorization header with a SigV4 credential scope but no real signature, which is
 * what moto's server needs to route a request to its SWF backend (swfd reads only the scope).
 *
 * <p>The endpoint may list several servers, comma-separated (the nodes of a cluster): each calling
 * thread (a client of the load) is given one of them in turn on its first call and keeps it, and
 * each call without waiting (a long poll) takes the next one in turn.
 */
final class SwfHttpClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCOPE_ONLY_AUTH =
      "AWS4-HMAC-SHA256 Credential=AKIDSWFDBENCH/20260101/us-east-1/swf/aws4_request, "
          + "SignedHeaders=content-type;host;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

  /**
   * The date of the scope above: a SigV4 Authorization header without an X-Amz-Date (or Date)
   * header is malformed, and swfd answers it with IncompleteSignatureException as AWS does.
   */
  private static final String SCOPE_DATE = "20260101T000000Z";

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final java.util.List<URI> uris;
  private final AtomicInteger nextEndpoint = new AtomicInteger();
  private final ThreadLocal<Integer> threadEndpoint =
      ThreadLocal.withInitial(() -> Math.floorMod(nextEndpoint.getAndIncrement(), uris().size()));
  private final boolean scopeOnly;
  private final ExecutorService executor;
  private final HttpClient http;

  /**
   * Which HTTP client carries the blocking calls (long polls and the polls scenario always use the
   * JDK one).
   */
  enum Transport {
    JDK,
    RAW
  }

  private final java.util.List<RawHttp> raw; // one per endpoint

  private java.util.List<URI> uris() {
    return uris;
  }

  /** The endpoints, in order. */
  java.util.List<URI> endpoints() {
    return uris;
  }

  SwfHttpClient(String endpoint, boolean scopeOnly) {
    this(endpoint, scopeOnly, Transport.JDK);
  }

  SwfHttpClient(String endpoint, boolean scopeOnly, Transport transport) {
    java.util.List<URI> list = new java.util.ArrayList<>();
    for (String e : endpoint.split(",")) {
      String t = e.trim();
      if (!t.isEmpty()) list.add(URI.create(t.endsWith("/") ? t : t + "/"));
    }
    if (list.isEmpty()) throw new IllegalArgumentException("no endpoint in " + endpoint);
    this.uris = java.util.List.copyOf(list);
    this.raw = transport == Transport.RAW ? uris.stream().map(RawHttp::new).toList() : null;
    this.scopeOnly = scopeOnly;
    int id = CLIENTS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    // A small fixed pool: the default (cached) executor would grow a thread per concurrent
    // completion, which distorts the thread count of an in-process server.
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "bench-http-" + id + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30));
    String mode = System.getProperty("swfd.bench.executor", "pool");
    if (mode.equals("direct")) b.executor(Runnable::run);
    else if (!mode.equals("default")) b.executor(executor);
    this.http = b.build();
  }

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  private HttpRequest request(String op, ObjectNode body, Duration timeout) {
    return request(uris.get(threadEndpoint.get()), op, body, timeout);
  }

  private HttpRequest request(URI uri, String op, ObjectNode body, Duration timeout) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("X-Amz-Target", "SimpleWorkflowService." + op)
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (scopeOnly) b.header("Authorization", SCOPE_ONLY_AUTH).header("X-Amz-Date", SCOPE_DATE);
    return b.build();
  }

  private byte[] rawHead(String op) {
    StringBuilder b =
        new StringBuilder(256)
            .append("POST ")
            .append(uris.get(threadEndpoint.get()).getRawPath())
            .append(" HTTP/1.1\r\n")
            .append("X-Amz-Target: SimpleWorkflowService.")
            .append(op)
            .append("\r\n")
            .append("Content-Type: application/x-amz-json-1.0\r\n");
    if (scopeOnly)
      b.append("Authorization: ")
          .append(SCOPE_ONLY_AUTH)
          .append("\r\nX-Amz-Date: ")
          .append(SCOPE_DATE)
          .append("\r\n");
    return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Calls and waits; throws {@link SwfCallException} for an error answer or a transport failure.
   */
  JsonNode call(String op, ObjectNode body) {
    return call(op, body, null);
  }

  /**
   * Calls and waits; with {@code abandon} (raw transport only) the wait gives up, answering null,
   * once it says so.
   */
  JsonNode call(String op, ObjectNode body, java.util.function.BooleanSupplier abandon) {
    if (raw != null) {
      try {
        RawHttp.Response r =
            raw.get(threadEndpoint.get()).send(rawHead(op), JSON.writeValueAsBytes(body), abandon);
        return r == null ? null : parse(op, r.status(), r.body());
      } catch (IOException e) {
        throw new SwfCallException(op, 0, "Transport", String.valueOf(e));
      }
    }
    try {
      HttpResponse<byte[]> r =
          http.send(
              request(op, body, Duration.ofMinutes(2)), HttpResponse.BodyHandlers.ofByteArray());
      return parse(op, r);
    } catch (IOException e) {
      throw new SwfCallException(op, 0, "Transport", String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwfCallException(op, 0, "Interrupted", "interrupted");
    }
  }

  /** Calls without waiting (long polls); the future fails with {@link SwfCallException}. */
  CompletableFuture<JsonNode> callAsync(String op, ObjectNode body) {
    URI uri = uris.get(Math.floorMod(nextEndpoint.getAndIncrement(), uris.size()));
    return http.sendAsync(
            request(uri, op, body, Duration.ofMinutes(2)), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (r, t) -> {
              if (t != null) {
                Throwable c =
                    t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                throw new SwfCallException(op, 0, "Transport", String.valueOf(c));
              }
              return parse(op, r);
            });
  }

  boolean raw() {
    return raw != null;
  }

  private static JsonNode parse(String op, HttpResponse<byte[]> r) {
    return parse(op, r.statusCode(), r.body());
  }

  private static JsonNode parse(String op, int status, byte[] b) {
    JsonNode node;
    try {
      node = b == null || b.length == 0 ? obj() : JSON.readTree(b);
    } catch (IOException e) {
      node = null;
    }
    if (status / 100 != 2 || node == null) {
      String type = "HTTP" + status;
      String message = b == null ? "" : new String(b, java.nio.charset.StandardCharsets.UTF_8);
      if (node != null && node.has("__type")) {
        String t = node.get("__type").asText();
        type = t.substring(t.indexOf('#') + 1);
        JsonNode m = node.has("message") ? node.get("message") : node.get("Message");
        message = m == null ? "" : m.asText();
      }
      throw new SwfCallException(op, status, type, message);
    }
    return node;
  }

  @Override
  public void close() {
    if (raw != null) raw.forEach(RawHttp::close);
    executor.shutdownNow();
  }

  /** An error answer (type = the fault's short name) or a transport failure (type "Transport"). */
  static final class SwfCallException extends RuntimeException {
    final String op;
    final int status;
    final String type;

    SwfCallException(String op, int status, String type, String message) {
      super(
          op + ": " + type + (message == null || message.isEmpty() ? "" : ": " + message),
          null,
          false,
          false);
      this.op = op;
      this.status = status;
      this.type = type;
    }
  }
}
