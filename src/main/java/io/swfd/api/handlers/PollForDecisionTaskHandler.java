package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.ActionHandler;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.PageTokens;
import io.swfd.engine.DecisionTasks;
import io.swfd.engine.Names;
import io.swfd.engine.Registry;
import io.swfd.matching.Poll;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import io.swfd.store.RunStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Long-polls for a decision task. With a nextPageToken it instead returns the next page of the
 * history of the task the token came with (claiming nothing). An empty poll answers {@code
 * {"previousStartedEventId":0,"startedEventId":0}} without a taskToken (README: "Empty polls").
 */
public final class PollForDecisionTaskHandler implements ActionHandler {
  private static final String ACTION = "PollForDecisionTask";

  private final Registry registry;
  private final TaskQueues queues;
  private final RunStore store;
  private final PageTokens pageTokens;
  private final Duration hold;

  public PollForDecisionTaskHandler(
      Registry registry, TaskQueues queues, RunStore store, PageTokens pageTokens, Duration hold) {
    this.registry = registry;
    this.queues = queues;
    this.store = store;
    this.pageTokens = pageTokens;
    this.hold = hold;
  }

  @Override
  public CompletableFuture<JsonNode> handle(CallContext ctx, ObjectNode in) {
    int size = RegistryViews.pageSize(in);
    boolean reverse = Json.bool(in, "reverseOrder");
    String token = Json.str(in, "nextPageToken");
    if (token != null && !token.isEmpty()) {
      List<String> p = pageTokens.open(ACTION, token);
      DecisionTasks.Started t =
          new DecisionTasks.Started(
              Long.parseLong(p.get(0)),
              p.get(1),
              Long.parseLong(p.get(2)),
              Long.parseLong(p.get(3)),
              p.get(4),
              p.get(5),
              p.get(6),
              p.get(7));
      return CompletableFuture.completedFuture(
          response(t, Long.parseLong(p.get(8)), Long.parseLong(p.get(9)), reverse, size));
    }
    String domain = Json.str(in, "domain");
    String taskList = Json.nested(in, "taskList", "name");
    Names.check("taskList.name", taskList);
    registry.domain(ctx.region(), domain);
    long min = Json.bool(in, "startAtPreviousStartedEvent") ? 1 : 0;
    TaskListKey key = new TaskListKey(ctx.region(), domain, TaskListKey.Kind.DECISION, taskList);
    Poll<DecisionTasks.Started> poll =
        queues.poll(key, new Poll<>(Json.str(in, "identity"), ctx.connection()), hold);
    return poll.result()
        .thenApply(
            started -> {
              if (started == null)
                return Json.object().put("previousStartedEventId", 0).put("startedEventId", 0);
              long minEventId =
                  min == 1 && started.previousStartedEventId() > 0
                      ? started.previousStartedEventId()
                      : 1;
              return response(started, -1, minEventId, reverse, size);
            });
  }

  private ObjectNode response(
      DecisionTasks.Started t, long after, long minEventId, boolean reverse, int size) {
    HistoryPager.Page page =
        HistoryPager.page(
            store,
            t.runPk(),
            after < 0 ? null : after,
            minEventId,
            t.startedEventId(),
            reverse,
            size);
    ObjectNode o = Json.object();
    o.put("taskToken", t.taskToken());
    o.put("startedEventId", t.startedEventId());
    o.set("workflowExecution", ExecutionViews.execution(t.workflowId(), t.runId()));
    o.set("workflowType", ExecutionViews.workflowType(t.typeName(), t.typeVersion()));
    o.set("events", ExecutionViews.events(page.events()));
    if (page.hasMore()) {
      o.put(
          "nextPageToken",
          pageTokens.seal(
              ACTION,
              List.of(
                  String.valueOf(t.runPk()),
                  t.taskToken(),
                  String.valueOf(t.startedEventId()),
                  String.valueOf(t.previousStartedEventId()),
                  t.workflowId(),
                  t.runId(),
                  t.typeName(),
                  t.typeVersion(),
                  String.valueOf(page.lastEventId()),
                  String.valueOf(minEventId))));
    }
    o.put("previousStartedEventId", t.previousStartedEventId());
    return o;
  }
}
