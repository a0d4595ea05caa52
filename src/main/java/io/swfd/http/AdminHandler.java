package io.swfd.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.timers.TimeControl;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The time-control API, present only when the server runs with {@code --time-control}: {@code GET
 * /swfd/admin/clock}, {@code POST /swfd/admin/clock/advance} with {@code {"seconds": 3600}} or
 * {@code {"duration": "PT1H"}}, and {@code POST /swfd/admin/clock/auto-skip} with {@code
 * {"enabled": true}}. Bodies are checked strictly (a typo must not silently leave the clock where
 * it was): anything else is a 400 saying what was wrong.
 */
final class AdminHandler extends Handler.Abstract {
  private static final String PREFIX = "/swfd/admin/clock";

  /** The longest single move: a hundred years (far beyond any SWF timeout or retention). */
  static final Duration MAX_ADVANCE = Duration.ofDays(36_500);

  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX_ADVANCE.toSeconds());

  private final TimeControl time;

  AdminHandler(TimeControl time) {
    this.time = time;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) return false;
    String method = request.getMethod();
    try {
      switch (path) {
        case PREFIX -> {
          if (!HttpMethod.GET.is(method)) throw JsonBodies.methodNotAllowed("GET");
          JsonBodies.reply(response, callback, 200, state());
        }
        case PREFIX + "/advance" -> {
          if (!HttpMethod.POST.is(method)) throw JsonBodies.methodNotAllowed("POST");
          Duration d = advanceBy(JsonBodies.object(request, "seconds", "duration"));
          // answer once what the move made due has fired, so the caller can look at the history
          // at once
          time.advanceAndSettle(d, Duration.ofSeconds(30));
          JsonBodies.reply(response, callback, 200, state());
        }
        case PREFIX + "/auto-skip" -> {
          if (!HttpMethod.POST.is(method)) throw JsonBodies.methodNotAllowed("POST");
          ObjectNode in = JsonBodies.object(request, "enabled");
          JsonNode enabled = in.get("enabled");
          if (enabled == null)
            throw JsonBodies.bad("missing \"enabled\": give {\"enabled\": true} or false");
          if (!enabled.isBoolean())
            throw JsonBodies.bad(
                "\"enabled\" must be true or false, not " + JsonBodies.describe(enabled));
          time.autoSkip(enabled.booleanValue());
          JsonBodies.reply(response, callback, 200, state());
        }
        default -> throw new JsonBodies.Refusal(404, "no such admin resource: " + path);
      }
    } catch (JsonBodies.Refusal r) {
      r.send(response, callback);
    }
    return true;
  }

  /**
   * {@code {"seconds": n}} (n ≥ 0, fractions to the millisecond) or {@code {"duration": "PT…"}}.
   */
  static Duration advanceBy(ObjectNode in) {
    JsonNode seconds = in.get("seconds");
    JsonNode duration = in.get("duration");
    if ((seconds == null) == (duration == null)) {
      throw JsonBodies.bad(
          "give exactly one of \"seconds\" (a number, e.g. {\"seconds\": 3600}) or \"duration\""
              + " (an ISO-8601 duration, e.g. {\"duration\": \"PT1H\"})");
    }
    Duration d;
    if (seconds != null) {
      if (!seconds.isNumber() || (seconds.isFloatingPointNumber() && !finite(seconds)))
        throw JsonBodies.bad("\"seconds\" must be a number, not " + JsonBodies.describe(seconds));
      BigDecimal s = seconds.decimalValue();
      if (s.signum() < 0)
        throw JsonBodies.bad("\"seconds\" must not be negative: the clock only moves forward");
      if (s.compareTo(MAX_SECONDS) > 0)
        throw JsonBodies.bad("\"seconds\" must be at most " + MAX_SECONDS + " (a hundred years)");
      d = Duration.ofMillis(s.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact());
    } else {
      if (!duration.isTextual())
        throw JsonBodies.bad(
            "\"duration\" must be an ISO-8601 duration string such as \"PT1H\", not "
                + JsonBodies.describe(duration));
      try {
        d = Duration.parse(duration.textValue());
      } catch (DateTimeParseException | ArithmeticException e) {
        throw JsonBodies.bad(
            "\"duration\" is not an ISO-8601 duration such as \"PT1H\": "
                + JsonBodies.quote(duration.textValue()));
      }
      if (d.isNegative())
        throw JsonBodies.bad("\"duration\" must not be negative: the clock only moves forward");
      if (d.compareTo(MAX_ADVANCE) > 0)
        throw JsonBodies.bad("\"duration\" must be at most " + MAX_ADVANCE + " (a hundred years)");
    }
    return d;
  }

  private static boolean finite(JsonNode n) {
    return Double.isFinite(n.doubleValue());
  }

  private ObjectNode state() {
    ObjectNode o = Json.object();
    o.put("now", BigDecimal.valueOf(time.now().toEpochMilli(), 3));
    o.put("iso", time.now().toString());
    o.put("autoSkip", time.autoSkip());
    return o;
  }
}
