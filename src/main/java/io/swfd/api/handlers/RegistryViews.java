package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import io.swfd.store.Domain;
import io.swfd.store.RegisteredType;
import io.swfd.store.ResourceTag;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.util.ArrayList;
import java.util.List;

/** JSON views of domains, types and tags, shared by the registry handlers. */
final class RegistryViews {
  private RegistryViews() {}

  static ObjectNode domainInfo(Registry registry, Domain d) {
    ObjectNode o = Json.object().put("name", d.name()).put("status", d.status().name());
    Json.putIfNotNull(o, "description", d.description());
    o.put("arn", registry.domainArn(d.region(), d.name()));
    return o;
  }

  static ObjectNode typeRef(TypeKey k) {
    return Json.object().put("name", k.name()).put("version", k.version());
  }

  static ObjectNode typeInfo(RegisteredType t) {
    ObjectNode o = Json.object();
    o.set(t.key().kind() == TypeKind.WORKFLOW ? "workflowType" : "activityType", typeRef(t.key()));
    o.put("status", t.status().name());
    Json.putIfNotNull(o, "description", t.description());
    Json.putInstant(o, "creationDate", t.creationDate());
    Json.putInstant(o, "deprecationDate", t.deprecationDate());
    return o;
  }

  /** The configuration exactly as registered: members that were not given stay absent. */
  static ObjectNode typeConfiguration(RegisteredType t) {
    TypeDefaults d = t.defaults();
    ObjectNode o = Json.object();
    Json.putIfNotNull(o, "defaultTaskStartToCloseTimeout", d.taskStartToCloseTimeout());
    if (t.key().kind() == TypeKind.WORKFLOW) {
      Json.putIfNotNull(o, "defaultExecutionStartToCloseTimeout", d.executionStartToCloseTimeout());
    } else {
      Json.putIfNotNull(o, "defaultTaskHeartbeatTimeout", d.heartbeatTimeout());
    }
    if (d.taskList() != null) o.set("defaultTaskList", Json.named(d.taskList()));
    Json.putIfNotNull(o, "defaultTaskPriority", d.taskPriority());
    if (t.key().kind() == TypeKind.WORKFLOW) {
      Json.putIfNotNull(o, "defaultChildPolicy", d.childPolicy());
      Json.putIfNotNull(o, "defaultLambdaRole", d.lambdaRole());
    } else {
      Json.putIfNotNull(o, "defaultTaskScheduleToStartTimeout", d.scheduleToStartTimeout());
      Json.putIfNotNull(o, "defaultTaskScheduleToCloseTimeout", d.scheduleToCloseTimeout());
    }
    return o;
  }

  static List<ResourceTag> tags(JsonNode array) {
    List<ResourceTag> out = new ArrayList<>();
    if (array != null)
      for (JsonNode t : array) out.add(new ResourceTag(Json.str(t, "key"), Json.str(t, "value")));
    return out;
  }

  static ArrayNode tagsJson(List<ResourceTag> tags) {
    ArrayNode a = Json.array();
    for (ResourceTag t : tags) {
      ObjectNode o = Json.object().put("key", t.key());
      Json.putIfNotNull(o, "value", t.value());
      a.add(o);
    }
    return a;
  }

  /** maximumPageSize: absent or 0 means the service maximum, 1000. */
  static int pageSize(JsonNode input) {
    int n = Json.integer(input, "maximumPageSize", 0);
    return n <= 0 ? 1000 : n;
  }
}
