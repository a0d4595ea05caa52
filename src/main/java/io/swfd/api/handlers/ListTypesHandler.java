package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.PageTokens;
import io.swfd.engine.Registry;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.TypeKind;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ListWorkflowTypes and ListActivityTypes: ordered by name, then version. */
public final class ListTypesHandler implements ActionHandler {
  private final Registry registry;
  private final PageTokens tokens;
  private final TypeKind kind;
  private final String action;

  public ListTypesHandler(Registry registry, PageTokens tokens, TypeKind kind) {
    this.registry = registry;
    this.tokens = tokens;
    this.kind = kind;
    this.action = kind == TypeKind.WORKFLOW ? "ListWorkflowTypes" : "ListActivityTypes";
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    String token = Json.str(in, "nextPageToken");
    String[] after = null;
    if (token != null && !token.isEmpty()) {
      List<String> pos = tokens.open(action, token);
      after = new String[] {pos.get(0), pos.get(1)};
    }
    int size = RegistryViews.pageSize(in);
    List<RegisteredType> page =
        registry.listTypes(
            kind,
            ctx.region(),
            Json.str(in, "domain"),
            RegistrationStatus.valueOf(Json.str(in, "registrationStatus")),
            Json.str(in, "name"),
            after,
            Json.bool(in, "reverseOrder"),
            size + 1);
    ArrayNode infos = Json.array();
    for (int i = 0; i < Math.min(size, page.size()); i++)
      infos.add(RegistryViews.typeInfo(page.get(i)));
    ObjectNode out = Json.object();
    out.set("typeInfos", infos);
    if (page.size() > size) {
      RegisteredType last = page.get(size - 1);
      out.put(
          "nextPageToken", tokens.seal(action, List.of(last.key().name(), last.key().version())));
    }
    return CompletableFuture.completedFuture(out);
  }
}
