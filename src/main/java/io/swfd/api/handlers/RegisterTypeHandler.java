package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Durations;
import io.swfd.engine.Names;
import io.swfd.engine.Registry;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.util.concurrent.CompletableFuture;

/** RegisterWorkflowType and RegisterActivityType: the defaults are kept exactly as given. */
public final class RegisterTypeHandler implements ActionHandler {
  private final Registry registry;
  private final TypeKind kind;

  public RegisterTypeHandler(Registry registry, TypeKind kind) {
    this.registry = registry;
    this.kind = kind;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    TypeKey key =
        new TypeKey(
            kind,
            ctx.region(),
            Json.str(in, "domain"),
            Json.str(in, "name"),
            Json.str(in, "version"));
    String taskList = Json.nested(in, "defaultTaskList", "name");
    Names.check("defaultTaskList.name", taskList);
    Durations.check(
        "defaultTaskStartToCloseTimeout", Json.str(in, "defaultTaskStartToCloseTimeout"), true);
    Durations.checkPriority("defaultTaskPriority", Json.str(in, "defaultTaskPriority"));
    TypeDefaults defaults;
    if (kind == TypeKind.WORKFLOW) {
      Durations.check(
          "defaultExecutionStartToCloseTimeout",
          Json.str(in, "defaultExecutionStartToCloseTimeout"),
          false);
      defaults =
          new TypeDefaults(
              Json.str(in, "defaultTaskStartToCloseTimeout"),
              Json.str(in, "defaultExecutionStartToCloseTimeout"),
              null,
              null,
              null,
              taskList,
              Json.str(in, "defaultTaskPriority"),
              Json.str(in, "defaultChildPolicy"),
              Json.str(in, "defaultLambdaRole"));
    } else {
      Durations.check(
          "defaultTaskHeartbeatTimeout", Json.str(in, "defaultTaskHeartbeatTimeout"), true);
      Durations.check(
          "defaultTaskScheduleToStartTimeout",
          Json.str(in, "defaultTaskScheduleToStartTimeout"),
          true);
      Durations.check(
          "defaultTaskScheduleToCloseTimeout",
          Json.str(in, "defaultTaskScheduleToCloseTimeout"),
          true);
      defaults =
          new TypeDefaults(
              Json.str(in, "defaultTaskStartToCloseTimeout"),
              null,
              Json.str(in, "defaultTaskHeartbeatTimeout"),
              Json.str(in, "defaultTaskScheduleToStartTimeout"),
              Json.str(in, "defaultTaskScheduleToCloseTimeout"),
              taskList,
              Json.str(in, "defaultTaskPriority"),
              null,
              null);
    }
    registry.registerType(key, Json.str(in, "description"), defaults);
    return CompletableFuture.completedFuture(null);
  }
}
