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
 */
final class SwfHttpClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCOPE_ONLY_AUTH = "AWS4-HMAC-SHA256 Credential=AKIDSWFDBENCH/20260101/us-east-1/swf/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI uri;
    private final boolean scopeOnly;
    private final ExecutorService executor;
    private final HttpClient http;

    SwfHttpClient(String endpoint, boolean scopeOnly) {
        this.uri = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
        this.scopeOnly = scopeOnly;
        int id = CLIENTS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        // A small fixed pool: the default (cached) executor would grow a thread per concurrent
        // completion, which distorts the thread count of an in-process server.
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-http-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder()
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
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("X-Amz-Target", "SimpleWorkflowService." + op)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (scopeOnly) b.header("Authorization", SCOPE_ONLY_AUTH);
        return b.build();
    }

    /** Calls and waits; throws {@link SwfCallException} for an error answer or a transport failure. */
    JsonNode call(String op, ObjectNode body) {
        try {
            HttpResponse<byte[]> r = http.send(request(op, body, Duration.ofSeconds(120)), HttpResponse.BodyHandlers.ofByteArray());
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
        return http.sendAsync(request(op, body, Duration.ofSeconds(120)), HttpResponse.BodyHandlers.ofByteArray())
                .handle((r, t) -> {
                    if (t != null) {
                        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                        throw new SwfCallException(op, 0, "Transport", String.valueOf(c));
                    }
                    return parse(op, r);
                });
    }

    private static JsonNode parse(String op, HttpResponse<byte[]> r) {
        byte[] b = r.body();
        JsonNode node;
        try {
            node = b == null || b.length == 0 ? obj() : JSON.readTree(b);
        } catch (IOException e) {
            node = null;
        }
        if (r.statusCode() / 100 != 2 || node == null) {
            String type = "HTTP" + r.statusCode();
            String message = b == null ? "" : new String(b, java.nio.charset.StandardCharsets.UTF_8);
            if (node != null && node.has("__type")) {
                String t = node.get("__type").asText();
                type = t.substring(t.indexOf('#') + 1);
                JsonNode m = node.has("message") ? node.get("message") : node.get("Message");
                message = m == null ? "" : m.asText();
            }
            throw new SwfCallException(op, r.statusCode(), type, message);
        }
        return node;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** An error answer (type = the fault's short name) or a transport failure (type "Transport"). */
    static final class SwfCallException extends RuntimeException {
        final String op;
        final int status;
        final String type;

        SwfCallException(String op, int status, String type, String message) {
            super(op + ": " + type + (message == null || message.isEmpty() ? "" : ": " + message), null, false, false);
            this.op = op;
            this.status = status;
            this.type = type;
        }
    }
}
