package io.swfd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.validation.ApiModel;
import io.swfd.api.validation.ModelValidator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.0 edge, free of HTTP: routes {@code SimpleWorkflowService.<Operation>} to its
 * handler after parsing and model validation, and turns every outcome into a status and a body.
 */
public final class SwfApi {
  public static final String TARGET_PREFIX = "SimpleWorkflowService.";
  private static final Logger log = LoggerFactory.getLogger(SwfApi.class);

  /** A body is one JSON value and nothing else: {@code {"a":1} junk} is not JSON. */
  private static final ObjectReader BODY_READER =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** What goes back on the wire: {@code body} is null for an empty 200. */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  public record Response(int status, byte[] body, String errorName) {}

  private final ApiModel model;
  private final ModelValidator validator;
  private final Map<String, ActionHandler> handlers = new HashMap<>();
  private volatile RequestObserver observer = (op, status, nanos) -> {};

  /** Told of every answered request (operation null when it named none). */
  public interface RequestObserver {
    void answered(String operation, int status, long nanos);
  }

  public SwfApi observe(RequestObserver o) {
    this.observer = o;
    return this;
  }

  private volatile RequestGate gate = RequestGate.OPEN;
  private volatile Router router;

  /**
   * Sends admitted calls on to the node that owns them (a cluster); null: every call is served
   * here. A call that came over the cluster's internal channel ({@link Caller#CLUSTER}) is neither
   * admitted again nor routed again.
   */
  public SwfApi router(Router r) {
    this.router = r;
    return this;
  }

  /** The request log, or null (the default): then nothing of it runs. Set before serving. */
  private AccessLog accessLog;

  /** Logs every answered call ({@code --access-log}); call before the server takes requests. */
  public SwfApi accessLog(AccessLog log) {
    this.accessLog = log;
    return this;
  }

  /** Asked after validation and before the handler (access policies, throttling: io.swfd.auth). */
  public SwfApi gate(RequestGate g) {
    this.gate = g == null ? RequestGate.OPEN : g;
    return this;
  }

  public SwfApi(ApiModel model) {
    this.model = model;
    this.validator = new ModelValidator(model);
  }

  public SwfApi register(String operation, ActionHandler handler) {
    if (!model.operationNames().contains(operation))
      throw new IllegalArgumentException("not an SWF operation: " + operation);
    handlers.put(operation, handler);
    return this;
  }

  public ApiModel model() {
    return model;
  }

  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Requests being handled, long polls excepted (a parked poll is waiting, not working). */
  public int inFlight() {
    return inFlight.get();
  }

  public CompletableFuture<Response> call(String target, byte[] body, CallContext ctx) {
    long started = System.nanoTime();
    String op =
        target != null && target.startsWith(TARGET_PREFIX)
            ? target.substring(TARGET_PREFIX.length())
            : null;
    boolean counted = op == null || !op.startsWith("PollFor");
    if (counted) inFlight.incrementAndGet();
    return dispatch(target, body, ctx)
        .whenComplete(
            (r, t) -> {
              if (counted) inFlight.decrementAndGet();
              if (r != null) {
                String known = op != null && model.operationNames().contains(op) ? op : null;
                long nanos = System.nanoTime() - started;
                observer.answered(known, r.status(), nanos);
                if (accessLog != null) accessLog.answered(known, ctx, body, r, nanos);
              }
            });
  }

  private CompletableFuture<Response> dispatch(String target, byte[] body, CallContext ctx) {
    String operation;
    ObjectNode input;
    try {
      operation = operation(target);
      input = parse(body);
      validator.validate(operation, input);
      if (ctx.caller() != Caller.CLUSTER) gate.admit(operation, input, ctx);
    } catch (SwfFault | io.swfd.run.Fault | io.swfd.run.RunNotFoundException f) {
      return CompletableFuture.completedFuture(error(SwfFault.of(f)));
    }
    Router r = router;
    if (r != null && ctx.caller() != Caller.CLUSTER) {
      String op = operation;
      ObjectNode in = input;
      return r.route(operation, input, body, ctx, () -> handle(op, in, ctx));
    }
    return handle(operation, input, ctx);
  }

  private CompletableFuture<Response> handle(String operation, ObjectNode input, CallContext ctx) {
    ActionHandler handler = handlers.get(operation);
    if (handler == null) {
      return CompletableFuture.completedFuture(
          error(
              SwfFault.operationNotPermitted(
                  "swfd does not support " + operation + " in this version")));
    }
    CompletableFuture<JsonNode> result;
    try {
      result = handler.handle(ctx, input);
    } catch (Throwable t) {
      result = CompletableFuture.failedFuture(t);
    }
    String op = operation;
    return result.handle((out, t) -> t == null ? ok(out) : failure(op, t));
  }

  private String operation(String target) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw SwfFault.unknownOperation(null);
    }
    String op = target.substring(TARGET_PREFIX.length());
    if (!model.operationNames().contains(op)) throw SwfFault.unknownOperation(null);
    return op;
  }

  private static ObjectNode parse(byte[] body) {
    if (body == null || body.length == 0) return Json.object();
    JsonNode n;
    try {
      n = BODY_READER.readTree(body);
    } catch (Exception e) {
      throw SwfFault.serialization("Request body is not valid JSON");
    }
    if (n == null || n.isMissingNode()) return Json.object();
    if (!n.isObject()) throw SwfFault.serialization("Request body must be a JSON object");
    return (ObjectNode) n;
  }

  private static Response ok(JsonNode out) {
    if (out == null) return new Response(200, null, null);
    try {
      return new Response(200, Json.MAPPER.writeValueAsBytes(out), null);
    } catch (JsonProcessingException e) {
      return error(SwfFault.internal("could not write the response"));
    }
  }

  private static Response failure(String operation, Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    SwfFault fault = SwfFault.of(t);
    if (fault != null) return error(fault);
    log.error("{} failed", operation, t);
    return error(SwfFault.internal("Internal failure while running " + operation));
  }

  public static Response error(SwfFault f) {
    ObjectNode o = Json.object().put("__type", f.type());
    if (f.getMessage() != null) o.put("message", f.getMessage());
    return new Response(f.httpStatus(), o.toString().getBytes(StandardCharsets.UTF_8), f.name());
  }
}
