package io.swfd.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swfd.api.SwfFault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Checks a request body against the API model the way the AWS Coral front end does, before any
 * handler sees it.
 *
 * <ul>
 *   <li>A member with the wrong JSON type fails the whole request at once with {@code
 *       SerializationException}: on AWS that happens while deserializing, i.e. before constraints
 *       are looked at, so it wins over any constraint violation.
 *   <li>Constraint violations (required, length, range, enum) are all collected and reported in one
 *       {@code ValidationException} in Coral's format, walking members in model order.
 * </ul>
 *
 * JSON {@code null} means "absent". Members unknown to the model are ignored. Thread-safe.
 */
public final class ModelValidator {
  private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode(); // never mutated
  private final ApiModel model;

  /** Input shape per operation, resolved once so a request costs one map look-up. */
  private final Map<String, Shape> inputs = new HashMap<>();

  public ModelValidator(ApiModel model) {
    this.model = model;
    for (String op : model.operationNames()) {
      Shape in = model.shape(model.inputShape(op));
      if (in != null) inputs.put(op, in);
    }
  }

  /**
   * @param operation the operation name (without the {@code SimpleWorkflowService.} prefix)
   * @param input the parsed request body; a Java null or missing node is treated as {@code {}}
   * @throws SwfFault SerializationException for JSON type errors, ValidationException for
   *     constraint violations, UnknownOperationException for an operation not in the model
   */
  public void validate(String operation, JsonNode input) {
    Shape shape = inputs.get(operation);
    if (shape == null && !model.hasOperation(operation)) {
      throw SwfFault.unknownOperation("Unknown operation " + operation);
    }
    if (input == null || input.isMissingNode()) input = EMPTY;
    if (!input.isObject())
      throw SwfFault.serialization("Expected a JSON object as the request body");
    if (shape == null) return;
    new Run().finish(shape, input);
  }

  /** Per-request state: the current member path and the violations found so far. */
  private static final class Run {
    // Path segments: a String is a member name, an Integer a 1-based list position.
    private Object[] path = new Object[8];
    private int depth;
    private List<String> violations;

    void finish(Shape shape, JsonNode input) {
      structure(shape, input);
      if (violations == null) return;
      int n = violations.size();
      String head = n == 1 ? "1 validation error detected: " : n + " validation errors detected: ";
      throw SwfFault.validation(head + String.join("; ", violations));
    }

    private void structure(Shape shape, JsonNode object) {
      for (Shape.Member m : shape.members()) {
        JsonNode v = object.get(m.name());
        push(m.name());
        if (v == null || v.isNull()) {
          if (m.required()) violation(null, "Member must not be null");
        } else {
          value(m.shape(), v);
        }
        depth--;
      }
    }

    private void value(Shape s, JsonNode v) {
      switch (s.type()) {
        case STRUCTURE -> {
          if (!v.isObject()) throw mismatch("object");
          structure(s, v);
        }
        case LIST -> list(s, v);
        case STRING -> string(s, v);
        case INTEGER, LONG -> number(s, v);
        case BOOLEAN -> {
          if (!v.isBoolean()) throw mismatch("boolean");
        }
        case TIMESTAMP -> {
          // AWS JSON 1.0 timestamps are epoch seconds, possibly fractional; never strings.
          if (!v.isNumber()) throw mismatch("number (epoch seconds)");
          // 1e400 parses as an infinite double, which no date is (and BigDecimal cannot hold)
          if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()))
            throw mismatch("finite number (epoch seconds)");
        }
      }
    }

    private void list(Shape s, JsonNode v) {
      if (!v.isArray()) throw mismatch("array");
      int size = v.size();
      if (s.hasMax() && size > s.max())
        violation(render(s, v), "Member must have length less than or equal to " + s.max());
      if (s.hasMin() && size < s.min())
        violation(render(s, v), "Member must have length greater than or equal to " + s.min());
      for (int i = 0; i < size; i++) {
        JsonNode e = v.get(i);
        push(i + 1);
        if (e.isNull()) violation(null, "Member must not be null");
        else value(s.listMember(), e);
        depth--;
      }
    }

    private void string(Shape s, JsonNode v) {
      if (!v.isTextual()) throw mismatch("string");
      String text = v.textValue();
      // JSON may escape half a surrogate pair ("\ud800"), which is no character: stored as UTF-8 it
      // would turn into '?' and collide with other names (found by the hostile-input test)
      if (hasUnpairedSurrogate(text))
        throw mismatch("string of Unicode characters (unpaired surrogate)");
      // Model lengths are code points. The UTF-16 length bounds them (cp <= units <= 2*cp),
      // so the O(n) count is only needed when the cheap length cannot decide.
      int units = text.length();
      if (s.hasMax() && units > s.max() && codePoints(text) > s.max()) {
        violation(text, "Member must have length less than or equal to " + s.max());
      }
      if (s.hasMin() && (units < s.min() || (units < 2 * s.min() && codePoints(text) < s.min()))) {
        violation(text, "Member must have length greater than or equal to " + s.min());
      }
      if (s.isEnum() && !s.enumContains(text)) {
        violation(text, "Member must satisfy enum value set: " + s.enumText());
      }
    }

    private void number(Shape s, JsonNode v) {
      String kind = s.type() == Shape.Type.INTEGER ? "integer" : "long";
      if (!v.isNumber()) throw mismatch(kind);
      // 5.0 is accepted as 5 (some SDKs serialize numbers as doubles); 5.5 is not.
      if (!v.isIntegralNumber() && !v.canConvertToExactIntegral()) throw mismatch(kind);
      boolean fits = s.type() == Shape.Type.INTEGER ? v.canConvertToInt() : v.canConvertToLong();
      if (!fits)
        throw SwfFault.serialization("Number out of range for " + kind + " at '" + path() + "'");
      long n = v.longValue();
      if (s.hasMax() && n > s.max())
        violation(Long.toString(n), "Member must have value less than or equal to " + s.max());
      if (s.hasMin() && n < s.min())
        violation(Long.toString(n), "Member must have value greater than or equal to " + s.min());
    }

    private void violation(String renderedValue, String constraint) {
      if (violations == null) violations = new ArrayList<>(4);
      String value = renderedValue == null ? "null" : "'" + renderedValue + "'";
      violations.add(
          "Value " + value + " at '" + path() + "' failed to satisfy constraint: " + constraint);
    }

    private SwfFault mismatch(String expected) {
      return SwfFault.serialization("Expected " + expected + " at '" + path() + "'");
    }

    private void push(Object segment) {
      if (depth == path.length) path = Arrays.copyOf(path, depth * 2);
      path[depth++] = segment;
    }

    /** Coral's path syntax: {@code decisions.2.member.timerId}. Built only for errors. */
    private String path() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        if (i > 0) sb.append('.');
        sb.append(path[i]);
        if (path[i] instanceof Integer) sb.append(".member");
      }
      return sb.toString();
    }
  }

  static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) continue;
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else {
        return true;
      }
    }
    return false;
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * A value as Coral prints it in a violation: strings verbatim, lists like Java's {@code
   * List.toString()}, structures like a {@code Map} of their known members.
   */
  static String render(Shape s, JsonNode v) {
    if (v == null || v.isNull()) return "null";
    if (v.isTextual()) return v.textValue();
    if (v.isArray() && s.type() == Shape.Type.LIST) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      v.forEach(e -> j.add(render(s.listMember(), e)));
      return j.toString();
    }
    if (v.isObject() && s.type() == Shape.Type.STRUCTURE) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (Shape.Member m : s.members()) {
        JsonNode mv = v.get(m.name());
        if (mv != null && !mv.isNull()) j.add(m.name() + "=" + render(m.shape(), mv));
      }
      return j.toString();
    }
    if (v.isValueNode()) return v.asText();
    return v.toString();
  }
}
