package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.PageTokens;
import io.swfd.api.SwfFault;
import io.swfd.engine.WorkflowExecutions;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class GetWorkflowExecutionHistoryHandler implements ActionHandler {
  private static final String ACTION = "GetWorkflowExecutionHistory";

  private final WorkflowExecutions executions;
  private final PageTokens pageTokens;

  public GetWorkflowExecutionHistoryHandler(WorkflowExecutions executions, PageTokens pageTokens) {
    this.executions = executions;
    this.pageTokens = pageTokens;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    String[] ex = ExecutionViews.executionOf(in);
    long runPk = executions.find(ctx.region(), Json.str(in, "domain"), ex[0], ex[1]);
    Long after = null;
    String token = Json.str(in, "nextPageToken");
    if (token != null && !token.isEmpty()) {
      List<String> p = pageTokens.open(ACTION, token);
      if (Long.parseLong(p.get(0)) != runPk) throw SwfFault.validation("Invalid token");
      after = Long.parseLong(p.get(1));
    }
    // the history is read from the store: first the run's writes queued so far must be in it
    executions.runs().settle(runPk);
    HistoryPager.Page page =
        HistoryPager.page(
            executions.runs().store(),
            runPk,
            after,
            1,
            Long.MAX_VALUE,
            Json.bool(in, "reverseOrder"),
            RegistryViews.pageSize(in));
    ObjectNode out = Json.object();
    out.set("events", ExecutionViews.events(page.events()));
    if (page.hasMore()) {
      out.put(
          "nextPageToken",
          pageTokens.seal(
              ACTION, List.of(String.valueOf(runPk), String.valueOf(page.lastEventId()))));
    }
    return CompletableFuture.completedFuture(out);
  }
}
