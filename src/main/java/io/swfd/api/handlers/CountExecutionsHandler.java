package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import io.swfd.store.RunStore;
import java.util.concurrent.CompletableFuture;

/**
 * CountOpenWorkflowExecutions and CountClosedWorkflowExecutions (exact counts: never truncated).
 */
public final class CountExecutionsHandler implements ActionHandler {
  private final Registry registry;
  private final RunStore store;
  private final boolean open;

  public CountExecutionsHandler(Registry registry, RunStore store, boolean open) {
    this.registry = registry;
    this.store = store;
    this.open = open;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    registry.domain(ctx.region(), Json.str(in, "domain"));
    int n = store.countRuns(VisibilityRequests.query(ctx, in, open, 0, null));
    return CompletableFuture.completedFuture(Json.object().put("count", n).put("truncated", false));
  }
}
