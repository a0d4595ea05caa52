package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunState;
import java.time.Instant;
import java.util.List;

/** JSON views of runs and their histories. */
final class ExecutionViews {
  private ExecutionViews() {}

  static ObjectNode execution(String workflowId, String runId) {
    return Json.object().put("workflowId", workflowId).put("runId", runId);
  }

  static ObjectNode workflowType(String name, String version) {
    return Json.object().put("name", name).put("version", version);
  }

  static ObjectNode event(HistoryEvent e) {
    ObjectNode o = Json.object();
    Json.putInstant(o, "eventTimestamp", e.timestamp());
    o.put("eventType", e.type().name());
    o.put("eventId", e.eventId());
    // written straight from the map when the answer is serialized (a copy into a tree first cost a
    // tenth of a decision task poll); nothing reads an event's view before that
    o.set(e.type().attributesMember(), o.pojoNode(e.attributes()));
    return o;
  }

  static ArrayNode events(List<HistoryEvent> events) {
    ArrayNode a = Json.array();
    for (HistoryEvent e : events) a.add(event(e));
    return a;
  }

  static ObjectNode executionInfo(RunState s) {
    ObjectNode o = Json.object();
    o.set("execution", execution(s.workflowId, s.runId));
    o.set("workflowType", workflowType(s.typeName, s.typeVersion));
    Json.putInstant(o, "startTimestamp", Instant.ofEpochMilli(s.startedAt));
    if (!s.isOpen()) Json.putInstant(o, "closeTimestamp", Instant.ofEpochMilli(s.closedAt));
    o.put("executionStatus", s.status.name());
    if (s.closeStatus != null) o.put("closeStatus", s.closeStatus.name());
    if (s.parentWorkflowId != null) o.set("parent", execution(s.parentWorkflowId, s.parentRunId));
    if (!s.tagList.isEmpty()) {
      ArrayNode tags = o.putArray("tagList");
      s.tagList.forEach(tags::add);
    }
    o.put("cancelRequested", s.cancelRequested);
    return o;
  }

  static ObjectNode detail(RunState s) {
    ObjectNode o = Json.object();
    o.set("executionInfo", executionInfo(s));
    ObjectNode config = o.putObject("executionConfiguration");
    config.put("taskStartToCloseTimeout", s.taskStartToCloseTimeout);
    config.put("executionStartToCloseTimeout", s.executionStartToCloseTimeout);
    config.set("taskList", Json.named(s.taskList));
    Json.putIfNotNull(config, "taskPriority", s.taskPriority);
    config.put("childPolicy", s.childPolicy);
    Json.putIfNotNull(config, "lambdaRole", s.lambdaRole);
    ObjectNode counts = o.putObject("openCounts");
    counts.put("openActivityTasks", s.activities.size());
    counts.put("openDecisionTasks", s.decision.isNone() ? 0 : 1);
    counts.put("openTimers", s.timers.size());
    counts.put("openChildWorkflowExecutions", s.children.size());
    counts.put("openLambdaFunctions", s.lambdas.size());
    if (s.latestActivityTaskScheduledAt > 0) {
      Json.putInstant(
          o, "latestActivityTaskTimestamp", Instant.ofEpochMilli(s.latestActivityTaskScheduledAt));
    }
    Json.putIfNotNull(o, "latestExecutionContext", s.latestExecutionContext);
    return o;
  }

  /**
   * workflowExecution {workflowId, runId} of a request, both required by the model where it is
   * used.
   */
  static String[] executionOf(JsonNode in) {
    JsonNode e = in.get("execution");
    return new String[] {Json.str(e, "workflowId"), Json.str(e, "runId")};
  }
}
