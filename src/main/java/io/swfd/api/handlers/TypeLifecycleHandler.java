package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.engine.Registry;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Deprecate, Undeprecate and Delete of workflow and activity types: a registry step on one type.
 */
public final class TypeLifecycleHandler implements ActionHandler {
  private final TypeKind kind;
  private final BiConsumer<Registry, TypeKey> step;
  private final Registry registry;

  private TypeLifecycleHandler(
      Registry registry, TypeKind kind, BiConsumer<Registry, TypeKey> step) {
    this.registry = registry;
    this.kind = kind;
    this.step = step;
  }

  public static TypeLifecycleHandler deprecate(Registry r, TypeKind kind) {
    return new TypeLifecycleHandler(r, kind, Registry::deprecateType);
  }

  public static TypeLifecycleHandler undeprecate(Registry r, TypeKind kind) {
    return new TypeLifecycleHandler(r, kind, Registry::undeprecateType);
  }

  public static TypeLifecycleHandler delete(Registry r, TypeKind kind) {
    return new TypeLifecycleHandler(r, kind, Registry::deleteType);
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    step.accept(registry, TypeRequests.key(kind, ctx, in));
    return CompletableFuture.completedFuture(null);
  }
}
