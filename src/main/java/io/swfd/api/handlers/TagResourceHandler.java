package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import java.util.concurrent.CompletableFuture;

public final class TagResourceHandler implements ActionHandler {
  private final Registry registry;

  public TagResourceHandler(Registry registry) {
    this.registry = registry;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    registry.tagResource(
        ctx.region(), Json.str(in, "resourceArn"), RegistryViews.tags(in.get("tags")));
    return CompletableFuture.completedFuture(null);
  }
}
