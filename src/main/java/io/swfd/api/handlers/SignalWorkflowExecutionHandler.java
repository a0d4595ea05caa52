package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.WorkflowExecutions;
import java.util.concurrent.CompletableFuture;

public final class SignalWorkflowExecutionHandler implements ActionHandler {
  private final WorkflowExecutions executions;

  public SignalWorkflowExecutionHandler(WorkflowExecutions executions) {
    this.executions = executions;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    executions.signal(
        ctx.region(),
        Json.str(in, "domain"),
        Json.str(in, "workflowId"),
        Json.str(in, "runId"),
        Json.str(in, "signalName"),
        Json.str(in, "input"));
    return CompletableFuture.completedFuture(null);
  }
}
