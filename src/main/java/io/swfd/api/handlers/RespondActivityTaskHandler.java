package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.ActivityTasks;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** RespondActivityTaskCompleted, RespondActivityTaskFailed and RespondActivityTaskCanceled. */
public final class RespondActivityTaskHandler implements ActionHandler {
  private final BiConsumer<String, ObjectNode> respond;

  private RespondActivityTaskHandler(BiConsumer<String, ObjectNode> respond) {
    this.respond = respond;
  }

  public static RespondActivityTaskHandler completed(ActivityTasks a) {
    return new RespondActivityTaskHandler(
        (token, in) -> a.completed(token, Json.str(in, "result")));
  }

  public static RespondActivityTaskHandler failed(ActivityTasks a) {
    return new RespondActivityTaskHandler(
        (token, in) -> a.failed(token, Json.str(in, "reason"), Json.str(in, "details")));
  }

  public static RespondActivityTaskHandler canceled(ActivityTasks a) {
    return new RespondActivityTaskHandler(
        (token, in) -> a.canceled(token, Json.str(in, "details")));
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    respond.accept(Json.str(in, "taskToken"), in);
    return CompletableFuture.completedFuture(null);
  }
}
