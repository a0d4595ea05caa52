package io.swfd.engine;

import java.util.Map;

/**
 * One decision of RespondDecisionTaskCompleted: its type and the members of its {@code
 * <type>DecisionAttributes} as plain values (null when the member was not given).
 */
public record Decision(String type, Map<String, Object> attributes) {
  public String string(String name) {
    Object v = attributes == null ? null : attributes.get(name);
    return v == null ? null : v.toString();
  }

  @SuppressWarnings("unchecked")
  public String nested(String name, String inner) {
    Object v = attributes == null ? null : attributes.get(name);
    if (!(v instanceof Map<?, ?> m)) return null;
    Object i = ((Map<String, Object>) m).get(inner);
    return i == null ? null : i.toString();
  }

  public boolean closesRun() {
    return switch (type) {
      case "CompleteWorkflowExecution",
          "FailWorkflowExecution",
          "CancelWorkflowExecution",
          "ContinueAsNewWorkflowExecution" ->
          true;
      default -> false;
    };
  }

  /** {@code scheduleActivityTaskDecisionAttributes} for {@code ScheduleActivityTask}. */
  public static String attributesMember(String type) {
    return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "DecisionAttributes";
  }
}
