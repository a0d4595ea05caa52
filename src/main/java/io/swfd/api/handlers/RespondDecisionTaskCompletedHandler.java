package io.swfd.api.handlers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Decision;
import io.swfd.engine.DecisionPermissions;
import io.swfd.engine.DecisionTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

public final class RespondDecisionTaskCompletedHandler implements ActionHandler {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final DecisionTasks decisionTasks;

  /**
   * Which decisions the caller may make (io.swfd.auth; everything when requests are not signed).
   */
  private final Function<CallContext, DecisionPermissions> permissions;

  public RespondDecisionTaskCompletedHandler(
      DecisionTasks decisionTasks, Function<CallContext, DecisionPermissions> permissions) {
    this.decisionTasks = decisionTasks;
    this.permissions = permissions;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    List<Decision> decisions = new ArrayList<>();
    if (in.has("decisions")) {
      for (JsonNode d : in.get("decisions")) {
        String type = Json.str(d, "decisionType");
        JsonNode attrs = d.get(Decision.attributesMember(type));
        decisions.add(
            new Decision(
                type,
                attrs == null || attrs.isNull() ? null : Json.MAPPER.convertValue(attrs, MAP)));
      }
    }
    decisionTasks.complete(
        Json.str(in, "taskToken"),
        decisions,
        Json.str(in, "executionContext"),
        Json.nested(in, "taskList", "name"),
        Json.str(in, "taskListScheduleToStartTimeout"),
        permissions.apply(ctx));
    return CompletableFuture.completedFuture(null);
  }
}
