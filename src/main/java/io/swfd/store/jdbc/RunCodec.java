package io.swfd.store.jdbc;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.run.RunState;
import io.swfd.store.StoreException;
import java.util.Map;

/** JSON for runs' info, their pending items' rows and event attributes, the same in every store. */
public final class RunCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(DeserializationFeature.USE_LONG_FOR_INTS, true);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private RunCodec() {}

  public static String state(RunState s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  public static RunState state(String json) {
    try {
      return JSON.readValue(json, RunState.class);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  /** A pending item of a run (a field class of {@link RunState}) as the JSON of its row. */
  public static String item(Object item) {
    try {
      return JSON.writeValueAsString(item);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  public static <T> T item(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  /** A JSON document as a tree (the run documents of an older release, when upgraded). */
  public static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  public static <T> T item(com.fasterxml.jackson.databind.JsonNode json, Class<T> type) {
    try {
      return JSON.treeToValue(json, type);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  public static String attributes(Map<String, Object> a) {
    try {
      return JSON.writeValueAsString(a);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  /**
   * A free-form string (heartbeat details) as a JSON string literal, for a column of its own: any
   * character survives, also NUL, which PostgreSQL's text type refuses.
   */
  public static String text(String s) {
    try {
      return s == null ? null : JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  /** The string {@link #text(String)} made. */
  public static String untext(String json) {
    try {
      return json == null ? null : JSON.readValue(json, String.class);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  /**
   * One top-level member of a JSON object, as {@link #attributes(String)} would decode it, read
   * without decoding the others: {@code {value}} ({@code {null}} when absent or null), or null when
   * the member is an object, an array or an integer too large for a long (decode the whole document
   * for those).
   */
  static Object[] member(String json, String name) {
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      Object[] found = {null};
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        if (!field.equals(name)) {
          p.skipChildren();
          continue;
        }
        // the last of a repeated name wins, as in a decoded map
        switch (t) {
          case VALUE_STRING -> found[0] = p.getText();
          case VALUE_NUMBER_INT -> {
            // USE_LONG_FOR_INTS: a Long; one too large for a long fails the whole decode, as before
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return null;
            found[0] = p.getLongValue();
          }
          case VALUE_NUMBER_FLOAT -> found[0] = p.getDoubleValue();
          case VALUE_TRUE -> found[0] = true;
          case VALUE_FALSE -> found[0] = false;
          case VALUE_NULL -> found[0] = null;
          default -> {
            return null;
          }
        }
      }
      return found;
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }

  public static Map<String, Object> attributes(String json) {
    try {
      return JSON.readValue(json, MAP);
    } catch (Exception e) {
      throw new StoreException(e);
    }
  }
}
