package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.PageTokens;
import io.swfd.engine.Registry;
import io.swfd.run.RunState;
import io.swfd.store.RunStore;
import io.swfd.store.VisibilityQuery;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** ListOpenWorkflowExecutions and ListClosedWorkflowExecutions. */
public final class ListExecutionsHandler implements ActionHandler {
  private final Registry registry;
  private final RunStore store;
  private final PageTokens tokens;
  private final boolean open;
  private final String action;

  public ListExecutionsHandler(Registry registry, RunStore store, PageTokens tokens, boolean open) {
    this.registry = registry;
    this.store = store;
    this.tokens = tokens;
    this.open = open;
    this.action = open ? "ListOpenWorkflowExecutions" : "ListClosedWorkflowExecutions";
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    registry.domain(ctx.region(), Json.str(in, "domain"));
    VisibilityQuery.Page after = null;
    String token = Json.str(in, "nextPageToken");
    if (token != null && !token.isEmpty()) {
      List<String> p = tokens.open(action, token);
      after = new VisibilityQuery.Page(Long.parseLong(p.get(0)), Long.parseLong(p.get(1)));
    }
    int size = RegistryViews.pageSize(in);
    VisibilityQuery q = VisibilityRequests.query(ctx, in, open, size + 1, after);
    List<RunState> rows = store.listRuns(q);
    ArrayNode infos = Json.array();
    for (int i = 0; i < Math.min(size, rows.size()); i++)
      infos.add(ExecutionViews.executionInfo(rows.get(i)));
    ObjectNode out = Json.object();
    out.set("executionInfos", infos);
    if (rows.size() > size) {
      RunState last = rows.get(size - 1);
      long time = q.byCloseTime() ? last.closedAt : last.startedAt;
      out.put(
          "nextPageToken",
          tokens.seal(action, List.of(String.valueOf(time), String.valueOf(last.runPk))));
    }
    return CompletableFuture.completedFuture(out);
  }
}
