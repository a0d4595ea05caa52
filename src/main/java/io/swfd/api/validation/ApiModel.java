package io.swfd.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SWF API model (botocore service-2.json, classpath {@code /swf-model.json}), parsed once into
 * resolved {@link Shape} objects. Immutable and thread-safe after construction.
 */
public final class ApiModel {
  public static final String RESOURCE = "/swf-model.json";

  private record Operation(String inputShape, String outputShape) {}

  private static volatile ApiModel loaded;

  private final Map<String, Operation> operations;
  private final Map<String, Shape> shapes;
  private final Set<String> operationNames;

  private ApiModel(Map<String, Operation> operations, Map<String, Shape> shapes) {
    this.operations = operations;
    this.shapes = shapes;
    this.operationNames = Collections.unmodifiableSet(new TreeSet<>(operations.keySet()));
  }

  /** The bundled model, parsed on first use and shared afterwards. */
  public static ApiModel load() {
    ApiModel m = loaded;
    if (m == null) {
      synchronized (ApiModel.class) {
        m = loaded;
        if (m == null) {
          try (InputStream in = ApiModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " not on the classpath");
            m = loaded = parse(new ObjectMapper().readTree(in));
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
          }
        }
      }
    }
    return m;
  }

  /** Builds a model from an already parsed service-2.json document. */
  public static ApiModel parse(JsonNode doc) {
    Map<String, Shape> shapes = new HashMap<>();
    JsonNode shapeDefs = doc.path("shapes");
    // Pass 1: create every shape; pass 2: resolve member references between them.
    shapeDefs.properties().forEach(e -> shapes.put(e.getKey(), create(e.getKey(), e.getValue())));
    shapeDefs.properties().forEach(e -> link(shapes.get(e.getKey()), e.getValue(), shapes));

    Map<String, Operation> operations = new LinkedHashMap<>();
    doc.path("operations")
        .properties()
        .forEach(
            e -> {
              String in = e.getValue().path("input").path("shape").asText(null);
              String out = e.getValue().path("output").path("shape").asText(null);
              if (in != null && !shapes.containsKey(in))
                throw new IllegalStateException("unknown shape " + in);
              operations.put(e.getKey(), new Operation(in, out));
            });
    return new ApiModel(operations, shapes);
  }

  /** All operation names (39 for the bundled model), sorted. */
  public Set<String> operationNames() {
    return operationNames;
  }

  public boolean hasOperation(String operation) {
    return operations.containsKey(operation);
  }

  /** Whether the operation returns a body; operations without one answer with an empty 200. */
  public boolean hasOutput(String operation) {
    return op(operation).outputShape() != null;
  }

  /** Name of the operation's input shape, or null if it takes none. */
  public String inputShape(String operation) {
    return op(operation).inputShape();
  }

  /** The shape with this name, or null. */
  public Shape shape(String name) {
    return name == null ? null : shapes.get(name);
  }

  private Operation op(String operation) {
    Operation op = operations.get(operation);
    if (op == null) throw new IllegalArgumentException("unknown operation " + operation);
    return op;
  }

  private static Shape create(String name, JsonNode def) {
    Shape.Type type;
    try {
      type = Shape.Type.valueOf(def.path("type").asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      // Fail loudly: a model update with a new type must not be silently unvalidated.
      throw new IllegalStateException(
          "shape " + name + " has unsupported type " + def.path("type"));
    }
    long min = def.has("min") ? def.get("min").asLong() : Long.MIN_VALUE;
    long max = def.has("max") ? def.get("max").asLong() : Long.MAX_VALUE;
    List<String> enumValues = new ArrayList<>();
    def.path("enum").forEach(v -> enumValues.add(v.asText()));
    return new Shape(name, type, min, max, enumValues);
  }

  private static void link(Shape shape, JsonNode def, Map<String, Shape> shapes) {
    Set<String> required = new HashSet<>();
    def.path("required").forEach(r -> required.add(r.asText()));
    List<Shape.Member> members = new ArrayList<>();
    def.path("members")
        .properties()
        .forEach(
            m ->
                members.add(
                    new Shape.Member(
                        m.getKey(), resolve(shapes, m.getValue()), required.contains(m.getKey()))));
    Shape listMember = def.has("member") ? resolve(shapes, def.get("member")) : null;
    if (shape.type() == Shape.Type.LIST && listMember == null) {
      throw new IllegalStateException("list shape " + shape.name() + " has no member");
    }
    shape.link(members, listMember);
  }

  private static Shape resolve(Map<String, Shape> shapes, JsonNode ref) {
    Shape s = shapes.get(ref.path("shape").asText());
    if (s == null) throw new IllegalStateException("unknown shape reference " + ref);
    return s;
  }
}
