package io.swfd.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.timers.TimeControl;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The time-control API, present only when the server runs with {@code --time-control}: {@code GET
 * /swfd/admin/clock}, {@code POST /swfd/admin/clock/advance} with {@code {"seconds": 3600}} or
 * {@code {"duration": "PT1H"}}, and {@code POST /swfd/admin/clock/auto-skip} with {@code
 * {"enabled": true}}.
 */
final class AdminHandler extends Handler.Abstract {
  private static final String PREFIX = "/swfd/admin/clock";
  private final TimeControl time;

  AdminHandler(TimeControl time) {
    this.time = time;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(PREFIX)) return false;
    boolean get = HttpMethod.GET.is(request.getMethod());
    boolean post = HttpMethod.POST.is(request.getMethod());
    try {
      if (get && path.equals(PREFIX)) {
        reply(response, callback, 200, state());
      } else if (post && path.equals(PREFIX + "/advance")) {
        JsonNode in = body(request);
        Duration d =
            in.hasNonNull("duration")
                ? Duration.parse(in.get("duration").asText())
                : Duration.ofMillis(
                    in.path("seconds").decimalValue().movePointRight(3).longValue());
        if (d.isNegative()) throw new IllegalArgumentException("the clock only moves forward");
        // answer once what the move made due has fired, so the caller can look at the history at
        // once
        time.advanceAndSettle(d, Duration.ofSeconds(30));
        reply(response, callback, 200, state());
      } else if (post && path.equals(PREFIX + "/auto-skip")) {
        time.autoSkip(body(request).path("enabled").asBoolean(true));
        reply(response, callback, 200, state());
      } else {
        reply(
            response,
            callback,
            404,
            Json.object().put("message", "no such admin resource: " + path));
      }
    } catch (RuntimeException e) {
      reply(response, callback, 400, Json.object().put("message", String.valueOf(e.getMessage())));
    }
    return true;
  }

  private ObjectNode state() {
    ObjectNode o = Json.object();
    o.put("now", BigDecimal.valueOf(time.now().toEpochMilli(), 3));
    o.put("iso", time.now().toString());
    o.put("autoSkip", time.autoSkip());
    return o;
  }

  private static JsonNode body(Request request) throws Exception {
    String s = Content.Source.asString(request, StandardCharsets.UTF_8);
    return s == null || s.isBlank() ? Json.object() : Json.MAPPER.readTree(s);
  }

  private static void reply(Response response, Callback callback, int status, ObjectNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(
        true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
  }
}
