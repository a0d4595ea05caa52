package io.swfd.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Strict JSON bodies for swfd's own endpoints (the time-control and moto APIs): one JSON object of
 * at most {@link #MAX_BYTES}, with only the members an endpoint knows. Whatever is wrong is a
 * {@link Refusal}: a 4xx with {@code {"message": "..."}} that says what.
 */
final class JsonBodies {
  static final int MAX_BYTES = 64 * 1024;

  private static final ObjectReader READER =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonBodies() {}

  /** A request refused with a status and a message. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String allow;

    Refusal(int status, String message) {
      this(status, message, null);
    }

    Refusal(int status, String message, String allow) {
      super(message, null, false, false);
      this.status = status;
      this.allow = allow;
    }

    void send(Response response, Callback callback) {
      if (allow != null) response.getHeaders().put(HttpHeader.ALLOW, allow);
      reply(response, callback, status, Json.object().put("message", getMessage()));
    }
  }

  static Refusal bad(String message) {
    return new Refusal(400, message);
  }

  static Refusal methodNotAllowed(String allowed) {
    return new Refusal(405, "use " + allowed, allowed);
  }

  /**
   * The body as a JSON object with no members but {@code allowed}; an empty body is an empty
   * object.
   */
  static ObjectNode object(Request request, String... allowed) {
    String text = text(request);
    if (text.isBlank()) return Json.object();
    JsonNode n;
    try {
      n = READER.readTree(text);
    } catch (JacksonException e) {
      throw bad("the body is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) throw bad("the body must be a JSON object, not " + describe(n));
    Set<String> known = Set.of(allowed);
    List<String> unknown = new ArrayList<>();
    for (java.util.Map.Entry<String, JsonNode> member : n.properties()) {
      if (!known.contains(member.getKey())) unknown.add(quote(member.getKey()));
    }
    if (!unknown.isEmpty()) {
      throw bad(
          "unknown "
              + (unknown.size() == 1 ? "member " : "members ")
              + String.join(", ", unknown)
              + (allowed.length == 0
                  ? "; this endpoint takes no members"
                  : "; known: "
                      + String.join(
                          ", ", List.of(allowed).stream().map(JsonBodies::quote).toList())));
    }
    return (ObjectNode) n;
  }

  /** The body as UTF-8 text, refused when longer than {@link #MAX_BYTES} or not UTF-8. */
  private static String text(Request request) {
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw bad("the body could not be read");
    }
    if (bytes.length > MAX_BYTES)
      throw new Refusal(413, "the body is larger than " + MAX_BYTES + " bytes");
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad("the body is not UTF-8 text");
    }
  }

  /** A JSON value named for a message: its type, and the value itself when short. */
  static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) return "nothing";
    String type =
        switch (n.getNodeType()) {
          case ARRAY -> "an array";
          case OBJECT -> "an object";
          case STRING -> "a string";
          case NUMBER -> "a number";
          case BOOLEAN -> "a boolean";
          case NULL -> "null";
          default -> "a value";
        };
    if (n.isNull() || n.isContainerNode()) return type;
    String v = n.toString();
    return type + " (" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + ")";
  }

  /** A string for a message: quoted, shortened, control characters escaped. */
  static String quote(String s) {
    String v = Json.MAPPER.getNodeFactory().textNode(s).toString();
    return v.length() > 60 ? v.substring(0, 60) + "…\"" : v;
  }

  static void reply(Response response, Callback callback, int status, ObjectNode body) {
    reply(response, callback, status, body.toString());
  }

  static void reply(Response response, Callback callback, int status, String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) b.length);
    response.write(true, ByteBuffer.wrap(b), callback);
  }
}
