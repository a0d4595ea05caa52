package io.swfd.engine;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.RunState;
import io.swfd.store.RegisteredType;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks {@link DecisionPermissions} about each decision before it is applied, and writes the
 * decision's *Failed event with cause OPERATION_NOT_PERMITTED when it is refused (the failure event
 * wakes the decider, so a new decision task follows).
 */
final class DecisionAuthorization {
  static final String CAUSE = "OPERATION_NOT_PERMITTED";

  private final Registry registry;

  DecisionAuthorization(Registry registry) {
    this.registry = registry;
  }

  /**
   * @return true when the decision may be applied; otherwise its failure event has been appended
   */
  boolean check(RunTx tx, Decision d, long completedEventId, DecisionPermissions permissions) {
    if (permissions == null || permissions == DecisionPermissions.ALL) return true;
    if ("ScheduleLambdaFunction".equals(d.type())) return true; // no permission of its own (§g.4)
    RunState s = tx.state();
    if (permissions.permits(d.type(), s.region, s.domain, conditions(s, d))) return true;
    fail(tx, d, completedEventId, CAUSE);
    return false;
  }

  /** The condition keys of §g.3 a decision carries; absent members are left out. */
  Map<String, String> conditions(RunState s, Decision d) {
    Map<String, String> c = new LinkedHashMap<>();
    switch (d.type()) {
      case "ScheduleActivityTask" -> {
        String name = d.nested("activityType", "name");
        String version = d.nested("activityType", "version");
        put(c, "swf:activityType.name", name);
        put(c, "swf:activityType.version", version);
        String list = d.nested("taskList", "name");
        if (list == null) list = defaultTaskList(TypeKind.ACTIVITY, s, name, version);
        put(c, "swf:taskList.name", list);
      }
      case "StartChildWorkflowExecution" -> {
        String name = d.nested("workflowType", "name");
        String version = d.nested("workflowType", "version");
        put(c, "swf:workflowType.name", name);
        put(c, "swf:workflowType.version", version);
        String list = d.nested("taskList", "name");
        if (list == null) list = defaultTaskList(TypeKind.WORKFLOW, s, name, version);
        put(c, "swf:taskList.name", list);
        tags(c, d);
      }
      case "ContinueAsNewWorkflowExecution" -> {
        String version =
            d.string("workflowTypeVersion") != null
                ? d.string("workflowTypeVersion")
                : s.typeVersion;
        put(c, "swf:workflowType.name", s.typeName);
        put(c, "swf:workflowType.version", version);
        String list = d.nested("taskList", "name");
        if (list == null) list = defaultTaskList(TypeKind.WORKFLOW, s, s.typeName, version);
        put(c, "swf:taskList.name", list);
        tags(c, d);
      }
      default -> {
        // the other decisions cannot be constrained by conditions
      }
    }
    return c;
  }

  private String defaultTaskList(TypeKind kind, RunState s, String name, String version) {
    if (name == null || version == null) return null;
    Optional<RegisteredType> t =
        registry.findType(new TypeKey(kind, s.region, s.domain, name, version));
    return t.map(rt -> rt.defaults() == null ? null : rt.defaults().taskList()).orElse(null);
  }

  private static void tags(Map<String, String> c, Decision d) {
    Object v = d.attributes() == null ? null : d.attributes().get("tagList");
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++)
        if (l.get(i) != null) c.put("swf:tagList.member." + i, l.get(i).toString());
    }
  }

  private static void put(Map<String, String> c, String key, String value) {
    if (value != null) c.put(key, value);
  }

  /** Appends the decision's *Failed event with this cause (it wakes the decider). */
  static void fail(RunTx tx, Decision d, long completedEventId, String cause) {
    Attributes a = Attributes.of();
    EventType failed =
        switch (d.type()) {
          case "ScheduleActivityTask" -> {
            a.type(
                    "activityType",
                    d.nested("activityType", "name"),
                    d.nested("activityType", "version"))
                .put("activityId", d.string("activityId"));
            yield EventType.ScheduleActivityTaskFailed;
          }
          case "RequestCancelActivityTask" -> {
            a.put("activityId", d.string("activityId"));
            yield EventType.RequestCancelActivityTaskFailed;
          }
          case "CompleteWorkflowExecution" -> EventType.CompleteWorkflowExecutionFailed;
          case "FailWorkflowExecution" -> EventType.FailWorkflowExecutionFailed;
          case "CancelWorkflowExecution" -> EventType.CancelWorkflowExecutionFailed;
          case "ContinueAsNewWorkflowExecution" -> EventType.ContinueAsNewWorkflowExecutionFailed;
          case "RecordMarker" -> {
            a.put("markerName", d.string("markerName"));
            yield EventType.RecordMarkerFailed;
          }
          case "StartTimer" -> {
            a.put("timerId", d.string("timerId"));
            yield EventType.StartTimerFailed;
          }
          case "CancelTimer" -> {
            a.put("timerId", d.string("timerId"));
            yield EventType.CancelTimerFailed;
          }
          case "SignalExternalWorkflowExecution" -> {
            a.put("workflowId", d.string("workflowId"))
                .put("runId", d.string("runId"))
                .put("initiatedEventId", 0L);
            yield EventType.SignalExternalWorkflowExecutionFailed;
          }
          case "RequestCancelExternalWorkflowExecution" -> {
            a.put("workflowId", d.string("workflowId"))
                .put("runId", d.string("runId"))
                .put("initiatedEventId", 0L);
            yield EventType.RequestCancelExternalWorkflowExecutionFailed;
          }
          case "StartChildWorkflowExecution" -> {
            a.type(
                    "workflowType",
                    d.nested("workflowType", "name"),
                    d.nested("workflowType", "version"))
                .put("workflowId", d.string("workflowId"))
                .put("initiatedEventId", 0L);
            yield EventType.StartChildWorkflowExecutionFailed;
          }
          case "ScheduleLambdaFunction" -> {
            a.put("id", d.string("id")).put("name", d.string("name"));
            yield EventType.ScheduleLambdaFunctionFailed;
          }
          default -> throw new IllegalStateException("no failure event for decision " + d.type());
        };
    a.put("cause", cause).put("decisionTaskCompletedEventId", completedEventId);
    switch (d.type()) {
      case "SignalExternalWorkflowExecution",
          "RequestCancelExternalWorkflowExecution",
          "StartChildWorkflowExecution" ->
          a.put("control", d.string("control"));
      default -> {}
    }
    tx.append(failed, a);
  }
}
