package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class UntagResourceHandler implements ActionHandler {
  private final Registry registry;

  public UntagResourceHandler(Registry registry) {
    this.registry = registry;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    List<String> keys = new ArrayList<>();
    in.withArray("tagKeys").forEach(k -> keys.add(k.asText()));
    registry.untagResource(ctx.region(), Json.str(in, "resourceArn"), keys);
    return CompletableFuture.completedFuture(null);
  }
}
