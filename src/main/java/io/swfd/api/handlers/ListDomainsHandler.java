package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.PageTokens;
import io.swfd.engine.Registry;
import io.swfd.store.Domain;
import io.swfd.store.RegistrationStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class ListDomainsHandler implements ActionHandler {
  private final Registry registry;
  private final PageTokens tokens;

  public ListDomainsHandler(Registry registry, PageTokens tokens) {
    this.registry = registry;
    this.tokens = tokens;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    RegistrationStatus status = RegistrationStatus.valueOf(Json.str(in, "registrationStatus"));
    boolean reverse = Json.bool(in, "reverseOrder");
    String token = Json.str(in, "nextPageToken");
    String after =
        token == null || token.isEmpty() ? null : tokens.open("ListDomains", token).get(0);
    int size = RegistryViews.pageSize(in);
    // one more than asked tells whether another page exists
    List<Domain> page = registry.listDomains(ctx.region(), status, after, reverse, size + 1);
    ArrayNode infos = Json.array();
    for (int i = 0; i < Math.min(size, page.size()); i++)
      infos.add(RegistryViews.domainInfo(registry, page.get(i)));
    ObjectNode out = Json.object();
    out.set("domainInfos", infos);
    if (page.size() > size)
      out.put("nextPageToken", tokens.seal("ListDomains", List.of(page.get(size - 1).name())));
    return CompletableFuture.completedFuture(out);
  }
}
