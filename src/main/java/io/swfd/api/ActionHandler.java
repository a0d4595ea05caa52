package io.swfd.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * One SWF action. The input has already passed model validation. A handler answers with the output
 * shape as JSON, or {@code null} for actions without output (HTTP 200, empty body). Long polls
 * complete the future later, from another thread.
 */
public interface ActionHandler {
  CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode input);
}
