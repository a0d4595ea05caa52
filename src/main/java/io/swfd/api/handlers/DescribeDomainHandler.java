package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import io.swfd.store.Domain;
import java.util.concurrent.CompletableFuture;

public final class DescribeDomainHandler implements ActionHandler {
  private final Registry registry;

  public DescribeDomainHandler(Registry registry) {
    this.registry = registry;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    Domain d = registry.describeDomain(ctx.region(), Json.str(in, "name"));
    ObjectNode out = Json.object();
    out.set("domainInfo", RegistryViews.domainInfo(registry, d));
    out.set(
        "configuration",
        Json.object().put("workflowExecutionRetentionPeriodInDays", d.retentionDays()));
    return CompletableFuture.completedFuture(out);
  }
}
