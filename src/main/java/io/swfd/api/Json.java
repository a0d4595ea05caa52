package io.swfd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** Reading request members and writing response members the way AWS JSON 1.0 spells them. */
public final class Json {
  /**
   * Deepest JSON nesting read: SWF's shapes are a few levels deep, and a hostile body nested
   * thousands of levels deep must fail as SerializationException, not exhaust the stack.
   */
  public static final int MAX_NESTING_DEPTH = 64;

  public static final ObjectMapper MAPPER =
      new ObjectMapper(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .build())
                  .build())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return F.objectNode();
  }

  public static ArrayNode array() {
    return F.arrayNode();
  }

  /** A member's string value; null when absent or JSON null. */
  public static String str(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** {@code n.field.name}, e.g. the name of a taskList member; null when absent. */
  public static String nested(JsonNode n, String field, String inner) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : str(v, inner);
  }

  public static int integer(JsonNode n, String field, int absent) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? absent : v.asInt();
  }

  public static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.asBoolean(false);
  }

  /** Timestamps are epoch seconds; requests may carry fractions. */
  public static Instant instant(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) return null;
    return Instant.ofEpochMilli(v.decimalValue().movePointRight(3).longValue());
  }

  /** Writes epoch seconds with millisecond precision, as SWF does. */
  public static void putInstant(ObjectNode o, String field, Instant t) {
    if (t != null) o.put(field, BigDecimal.valueOf(t.toEpochMilli(), 3));
  }

  public static void putIfNotNull(ObjectNode o, String field, String value) {
    if (value != null) o.put(field, value);
  }

  /** {@code {"name": value}} shapes such as TaskList. */
  public static ObjectNode named(String name) {
    return object().put("name", name);
  }
}
