package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.Registry;
import io.swfd.store.RegisteredType;
import io.swfd.store.TypeKind;
import java.util.concurrent.CompletableFuture;

/** DescribeWorkflowType and DescribeActivityType. */
public final class DescribeTypeHandler implements ActionHandler {
  private final Registry registry;
  private final TypeKind kind;

  public DescribeTypeHandler(Registry registry, TypeKind kind) {
    this.registry = registry;
    this.kind = kind;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    RegisteredType t = registry.describeType(TypeRequests.key(kind, ctx, in));
    ObjectNode out = Json.object();
    out.set("typeInfo", RegistryViews.typeInfo(t));
    out.set("configuration", RegistryViews.typeConfiguration(t));
    return CompletableFuture.completedFuture(out);
  }
}
