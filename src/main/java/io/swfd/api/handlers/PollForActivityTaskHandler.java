package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.engine.ActivityTasks;
import io.swfd.engine.Names;
import io.swfd.engine.Registry;
import io.swfd.matching.Poll;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Long-polls for an activity task; an empty poll answers {@code {"startedEventId":0}} without a
 * taskToken.
 */
public final class PollForActivityTaskHandler implements ActionHandler {
  private final Registry registry;
  private final TaskQueues queues;
  private final Duration hold;

  public PollForActivityTaskHandler(Registry registry, TaskQueues queues, Duration hold) {
    this.registry = registry;
    this.queues = queues;
    this.hold = hold;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    String domain = Json.str(in, "domain");
    String taskList = Json.nested(in, "taskList", "name");
    Names.check("taskList.name", taskList);
    registry.domain(ctx.region(), domain);
    TaskListKey key = new TaskListKey(ctx.region(), domain, TaskListKey.Kind.ACTIVITY, taskList);
    Poll<ActivityTasks.Started> poll =
        queues.poll(key, new Poll<>(Json.str(in, "identity"), ctx.connection()), hold);
    return poll.result()
        .thenApply(
            t -> {
              if (t == null) return Json.object().put("startedEventId", 0);
              ObjectNode o = Json.object();
              o.put("taskToken", t.taskToken());
              o.put("activityId", t.activityId());
              o.put("startedEventId", t.startedEventId());
              o.set("workflowExecution", ExecutionViews.execution(t.workflowId(), t.runId()));
              o.set("activityType", ExecutionViews.workflowType(t.typeName(), t.typeVersion()));
              Json.putIfNotNull(o, "input", t.input());
              return o;
            });
  }
}
