package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.ActivityTasks;
import java.util.concurrent.CompletableFuture;

public final class RecordActivityTaskHeartbeatHandler implements ActionHandler {
  private final ActivityTasks activities;

  public RecordActivityTaskHeartbeatHandler(ActivityTasks activities) {
    this.activities = activities;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    boolean cancelRequested =
        activities.heartbeat(Json.str(in, "taskToken"), Json.str(in, "details"));
    return CompletableFuture.completedFuture(Json.object().put("cancelRequested", cancelRequested));
  }
}
