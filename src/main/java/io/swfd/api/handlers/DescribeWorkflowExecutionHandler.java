package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.WorkflowExecutions;
import java.util.concurrent.CompletableFuture;

public final class DescribeWorkflowExecutionHandler implements ActionHandler {
  private final WorkflowExecutions executions;

  public DescribeWorkflowExecutionHandler(WorkflowExecutions executions) {
    this.executions = executions;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    String[] ex = ExecutionViews.executionOf(in);
    long runPk = executions.find(ctx.region(), Json.str(in, "domain"), ex[0], ex[1]);
    return CompletableFuture.completedFuture(executions.runs().read(runPk, ExecutionViews::detail));
  }
}
