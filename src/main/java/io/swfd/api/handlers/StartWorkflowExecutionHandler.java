package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.StartWorkflowRequest;
import io.swfd.engine.WorkflowExecutions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class StartWorkflowExecutionHandler implements ActionHandler {
  private final WorkflowExecutions executions;

  public StartWorkflowExecutionHandler(WorkflowExecutions executions) {
    this.executions = executions;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    List<String> tags = new ArrayList<>();
    if (in.has("tagList")) in.get("tagList").forEach(t -> tags.add(t.asText()));
    String runId =
        executions.start(
            new StartWorkflowRequest(
                ctx.region(),
                Json.str(in, "domain"),
                Json.str(in, "workflowId"),
                Json.nested(in, "workflowType", "name"),
                Json.nested(in, "workflowType", "version"),
                Json.nested(in, "taskList", "name"),
                Json.str(in, "taskPriority"),
                Json.str(in, "input"),
                Json.str(in, "executionStartToCloseTimeout"),
                tags,
                Json.str(in, "taskStartToCloseTimeout"),
                Json.str(in, "childPolicy"),
                Json.str(in, "lambdaRole")));
    return CompletableFuture.completedFuture(Json.object().put("runId", runId));
  }
}
