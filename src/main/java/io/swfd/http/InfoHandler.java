package io.swfd.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The paths that are not the SWF API: {@code GET /} (a page that points to the console, {@code
 * /health} and {@code /metrics}), {@code GET /health} (200 once the server is ready, 503 before and
 * while it stops, with its version, uptime, store and modes), and, on a server without time
 * control, {@code /swfd/admin/...} answered with a JSON 404 that names the flag.
 */
public final class InfoHandler extends Handler.Abstract {
  static final String ADMIN = "/swfd/admin";

  private final String version;
  private final ObjectNode description;
  private final BooleanSupplier ready;
  private final boolean timeControl;
  private final java.util.function.Supplier<ObjectNode> live;
  private final long startedNanos = System.nanoTime();
  private final Instant startedAt = Instant.now();

  /**
   * @param description the store and modes ({@code ServerDescription.health})
   * @param timeControl whether the admin API exists (then {@link AdminHandler} answers it)
   */
  public InfoHandler(
      String version, ObjectNode description, BooleanSupplier ready, boolean timeControl) {
    this(version, description, ready, timeControl, Json::object);
  }

  /**
   * @param live what changes while the server runs, read at every {@code GET /health} (e.g. the
   *     shards a cluster node owns)
   */
  public InfoHandler(
      String version,
      ObjectNode description,
      BooleanSupplier ready,
      boolean timeControl,
      java.util.function.Supplier<ObjectNode> live) {
    this.live = live;
    this.version = version;
    this.description = description.deepCopy();
    this.ready = ready;
    this.timeControl = timeControl;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    boolean get = HttpMethod.GET.is(request.getMethod());
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    if ((get || head) && path.equals("/")) {
      write(response, callback, 200, "text/html; charset=utf-8", page(), head);
      return true;
    }
    if (get && path.equals("/health")) {
      boolean ok = ready.getAsBoolean();
      write(response, callback, ok ? 200 : 503, "application/json", health(ok), false);
      return true;
    }
    if (!timeControl && (path.equals(ADMIN) || path.startsWith(ADMIN + "/"))) {
      ObjectNode o =
          Json.object()
              .put(
                  "message",
                  "The admin API ("
                      + path
                      + ") exists only on a server started with --time-control"
                      + " (or SWFD_TIME_CONTROL=true); this one runs on the real clock.");
      write(response, callback, 404, "application/json", o.toString(), false);
      return true;
    }
    return false;
  }

  private String health(boolean ok) {
    ObjectNode o = Json.object().put("status", ok ? "ok" : "unavailable");
    o.put("version", version);
    o.put("startedAt", startedAt.toString());
    o.put("uptimeSeconds", Math.round((System.nanoTime() - startedNanos) / 1e6) / 1000.0);
    o.setAll(description);
    o.setAll(live.get());
    return o.toString();
  }

  private String page() {
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>swfd</title></head>
        <body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
        <h1>swfd %s</h1>
        <p>An Amazon SWF-compatible server. SWF clients send their API calls here:
        point an AWS SDK or the AWS CLI at this address (<code>--endpoint-url</code>).</p>
        <ul>
        <li><a href="/console/">/console/</a>: the web console (domains, executions, histories)</li>
        <li><a href="/health">/health</a>: readiness, version, uptime, store and modes (JSON)</li>
        <li><a href="/metrics">/metrics</a>: Prometheus metrics</li>
        </ul>
        </body>
        </html>
        """
        .formatted(version);
  }

  private static void write(
      Response response,
      Callback callback,
      int status,
      String type,
      String body,
      boolean headOnly) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    response.write(true, headOnly ? null : ByteBuffer.wrap(bytes), callback);
  }
}
