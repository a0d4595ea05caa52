package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** A domain with one workflow type and one activity type, and the requests the scenarios send. */
final class Fixtures {
  static final String WORKFLOW_TYPE = "bench-workflow";
  static final String ACTIVITY_TYPE = "bench-activity";
  static final String VERSION = "1";

  final SwfHttpClient c;
  final String domain;

  private Fixtures(SwfHttpClient c, String domain) {
    this.c = c;
    this.domain = domain;
  }

  /** Registers the domain (and, with {@code types}, the two types); "already exists" is fine. */
  static Fixtures register(SwfHttpClient c, String domain, boolean types) {
    ignoreExists(
        () ->
            c.call(
                "RegisterDomain",
                SwfHttpClient.obj()
                    .put("name", domain)
                    .put("workflowExecutionRetentionPeriodInDays", "1")));
    if (types) {
      ObjectNode wf =
          SwfHttpClient.obj()
              .put("domain", domain)
              .put("name", WORKFLOW_TYPE)
              .put("version", VERSION)
              .put("defaultTaskStartToCloseTimeout", "60")
              .put("defaultExecutionStartToCloseTimeout", "3600")
              .put("defaultChildPolicy", "TERMINATE");
      wf.putObject("defaultTaskList").put("name", "bench-decisions");
      ignoreExists(() -> c.call("RegisterWorkflowType", wf));
      ObjectNode act =
          SwfHttpClient.obj()
              .put("domain", domain)
              .put("name", ACTIVITY_TYPE)
              .put("version", VERSION)
              .put("defaultTaskHeartbeatTimeout", "3600")
              .put("defaultTaskScheduleToStartTimeout", "3600")
              .put("defaultTaskScheduleToCloseTimeout", "7200")
              .put("defaultTaskStartToCloseTimeout", "3600");
      act.putObject("defaultTaskList").put("name", "bench-activities");
      ignoreExists(() -> c.call("RegisterActivityType", act));
    }
    return new Fixtures(c, domain);
  }

  private static void ignoreExists(Runnable r) {
    try {
      r.run();
    } catch (SwfHttpClient.SwfCallException e) {
      if (!e.type.endsWith("AlreadyExistsFault")) throw e;
    }
  }

  /** Starts a workflow; returns its runId. */
  String start(String workflowId, String decisionList) {
    ObjectNode in =
        SwfHttpClient.obj()
            .put("domain", domain)
            .put("workflowId", workflowId)
            .put("executionStartToCloseTimeout", "3600")
            .put("taskStartToCloseTimeout", "30")
            .put("childPolicy", "TERMINATE");
    in.putObject("workflowType").put("name", WORKFLOW_TYPE).put("version", VERSION);
    in.putObject("taskList").put("name", decisionList);
    return c.call("StartWorkflowExecution", in).path("runId").asText();
  }

  ObjectNode pollDecision(String list, String identity) {
    ObjectNode in = SwfHttpClient.obj().put("domain", domain).put("identity", identity);
    in.putObject("taskList").put("name", list);
    return in;
  }

  ObjectNode pollActivity(String list, String identity) {
    ObjectNode in = SwfHttpClient.obj().put("domain", domain).put("identity", identity);
    in.putObject("taskList").put("name", list);
    return in;
  }

  static ObjectNode scheduleActivity(String activityId, String list, String heartbeatTimeout) {
    ObjectNode d = SwfHttpClient.obj().put("decisionType", "ScheduleActivityTask");
    ObjectNode a = d.putObject("scheduleActivityTaskDecisionAttributes");
    a.put("activityId", activityId);
    a.putObject("activityType").put("name", ACTIVITY_TYPE).put("version", VERSION);
    a.putObject("taskList").put("name", list);
    a.put("input", "bench");
    a.put("heartbeatTimeout", heartbeatTimeout);
    a.put("scheduleToStartTimeout", "3600");
    a.put("scheduleToCloseTimeout", "7200");
    a.put("startToCloseTimeout", "3600");
    return d;
  }

  static ObjectNode completeWorkflow() {
    ObjectNode d = SwfHttpClient.obj().put("decisionType", "CompleteWorkflowExecution");
    d.putObject("completeWorkflowExecutionDecisionAttributes").put("result", "done");
    return d;
  }

  void respondDecision(String token, ObjectNode... decisions) {
    ObjectNode in = SwfHttpClient.obj().put("taskToken", token);
    ArrayNode ds = in.putArray("decisions");
    for (ObjectNode d : decisions) ds.add(d);
    c.call("RespondDecisionTaskCompleted", in);
  }

  void completeActivity(String token) {
    c.call(
        "RespondActivityTaskCompleted",
        SwfHttpClient.obj().put("taskToken", token).put("result", "ok"));
  }

  void heartbeat(String token) {
    c.call("RecordActivityTaskHeartbeat", SwfHttpClient.obj().put("taskToken", token));
  }

  void terminate(String workflowId) {
    c.call(
        "TerminateWorkflowExecution",
        SwfHttpClient.obj()
            .put("domain", domain)
            .put("workflowId", workflowId)
            .put("reason", "benchmark over"));
  }

  /** The whole history, page by page. */
  List<JsonNode> history(String workflowId, String runId) {
    List<JsonNode> events = new ArrayList<>();
    String next = null;
    do {
      ObjectNode in = SwfHttpClient.obj().put("domain", domain).put("maximumPageSize", 1000);
      in.putObject("execution").put("workflowId", workflowId).put("runId", runId);
      if (next != null) in.put("nextPageToken", next);
      JsonNode r = c.call("GetWorkflowExecutionHistory", in);
      r.path("events").forEach(events::add);
      next =
          r.hasNonNull("nextPageToken") && !r.get("nextPageToken").asText().isEmpty()
              ? r.get("nextPageToken").asText()
              : null;
    } while (next != null);
    return events;
  }

  /** What a decision task's history says about the one activity of a benchmark workflow. */
  record Stage(boolean scheduled, JsonNode activityClosed, JsonNode activityStarted) {
    static Stage of(JsonNode task) {
      boolean scheduled = false;
      JsonNode closed = null;
      JsonNode started = null;
      for (JsonNode e : task.path("events")) {
        switch (e.path("eventType").asText()) {
          case "ActivityTaskScheduled", "ScheduleActivityTaskFailed" -> scheduled = true;
          case "ActivityTaskStarted" -> started = e;
          case "ActivityTaskCompleted",
              "ActivityTaskFailed",
              "ActivityTaskTimedOut",
              "ActivityTaskCanceled" ->
              closed = e;
          default -> {}
        }
      }
      return new Stage(scheduled, closed, started);
    }
  }

  /** An event's timestamp (epoch seconds with a fraction) in epoch microseconds. */
  static long micros(JsonNode event) {
    return event.path("eventTimestamp").decimalValue().movePointRight(6).longValue();
  }
}
