package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import java.util.concurrent.CompletableFuture;

/**
 * CountPendingDecisionTasks and CountPendingActivityTasks: scheduled tasks no poller has taken yet.
 */
public final class CountPendingTasksHandler implements ActionHandler {
  private final Registry registry;
  private final TaskQueues queues;
  private final TaskListKey.Kind kind;

  public CountPendingTasksHandler(Registry registry, TaskQueues queues, TaskListKey.Kind kind) {
    this.registry = registry;
    this.queues = queues;
    this.kind = kind;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    String domain = Json.str(in, "domain");
    registry.domain(ctx.region(), domain);
    int n =
        queues.pending(
            new TaskListKey(ctx.region(), domain, kind, Json.nested(in, "taskList", "name")));
    return CompletableFuture.completedFuture(Json.object().put("count", n).put("truncated", false));
  }
}
