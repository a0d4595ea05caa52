package io.swfd.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds event attributes, leaving out members whose value is null (SWF omits unset members). */
public final class Attributes {
  private final Map<String, Object> map = new LinkedHashMap<>();

  public static Attributes of() {
    return new Attributes();
  }

  public Attributes put(String name, Object value) {
    if (value != null) map.put(name, value);
    return this;
  }

  /** {@code {"name": value}} members such as taskList. */
  public Attributes named(String name, String value) {
    if (value != null) map.put(name, Map.of("name", value));
    return this;
  }

  public Attributes type(String member, String name, String version) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("version", version);
    map.put(member, t);
    return this;
  }

  public Attributes execution(String member, String workflowId, String runId) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("workflowId", workflowId);
    e.put("runId", runId);
    map.put(member, e);
    return this;
  }

  public Map<String, Object> build() {
    return map;
  }
}
