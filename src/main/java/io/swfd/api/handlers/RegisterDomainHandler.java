package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import java.util.concurrent.CompletableFuture;

public final class RegisterDomainHandler implements ActionHandler {
  private final Registry registry;

  public RegisterDomainHandler(Registry registry) {
    this.registry = registry;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    registry.registerDomain(
        ctx.region(),
        Json.str(in, "name"),
        Json.str(in, "description"),
        Json.str(in, "workflowExecutionRetentionPeriodInDays"),
        RegistryViews.tags(in.get("tags")));
    return CompletableFuture.completedFuture(null);
  }
}
