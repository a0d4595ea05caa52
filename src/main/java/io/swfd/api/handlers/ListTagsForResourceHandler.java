package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import java.util.concurrent.CompletableFuture;

public final class ListTagsForResourceHandler implements ActionHandler {
  private final Registry registry;

  public ListTagsForResourceHandler(Registry registry) {
    this.registry = registry;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    ObjectNode out = Json.object();
    out.set(
        "tags",
        RegistryViews.tagsJson(registry.listTags(ctx.region(), Json.str(in, "resourceArn"))));
    return CompletableFuture.completedFuture(out);
  }
}
