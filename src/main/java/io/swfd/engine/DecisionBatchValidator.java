package io.swfd.engine;

import io.swfd.run.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a whole list of decisions before any of it is applied, so that an invalid decision
 * anywhere changes nothing (the decision task stays started and its token usable): attributes
 * present where the type needs them, closing decision last, names, durations and priorities well
 * formed.
 */
final class DecisionBatchValidator {
  /**
   * Decision types whose attributes have required members (the model cannot tie type to
   * attributes).
   */
  private static final Set<String> ATTRIBUTES_REQUIRED =
      Set.of(
          "ScheduleActivityTask",
          "RequestCancelActivityTask",
          "RecordMarker",
          "StartTimer",
          "CancelTimer",
          "SignalExternalWorkflowExecution",
          "RequestCancelExternalWorkflowExecution",
          "StartChildWorkflowExecution",
          "ScheduleLambdaFunction");

  private DecisionBatchValidator() {}

  static void validate(List<Decision> decisions) {
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < decisions.size(); i++) {
      Decision d = decisions.get(i);
      String path = "decisions." + (i + 1) + ".member.";
      String member = Decision.attributesMember(d.type());
      if (d.attributes() == null && ATTRIBUTES_REQUIRED.contains(d.type())) {
        errors.add(
            "Value null at '"
                + path
                + member
                + "' failed to satisfy constraint: Member must not be null");
        continue;
      }
      check(errors, path + member, d);
    }
    if (!errors.isEmpty()) {
      throw Fault.validation(
          errors.size()
              + (errors.size() == 1 ? " validation error" : " validation errors")
              + " detected: "
              + String.join("; ", errors));
    }
    for (int i = 0; i < decisions.size() - 1; i++) {
      if (decisions.get(i).closesRun())
        throw Fault.validation("Close must be last decision in list");
    }
  }

  private static void check(List<String> errors, String base, Decision d) {
    switch (d.type()) {
      case "ScheduleActivityTask" -> {
        name(errors, base + ".activityId", d.string("activityId"));
        name(errors, base + ".taskList.name", d.nested("taskList", "name"));
        duration(
            errors, base + ".scheduleToCloseTimeout", d.string("scheduleToCloseTimeout"), true);
        duration(
            errors, base + ".scheduleToStartTimeout", d.string("scheduleToStartTimeout"), true);
        duration(errors, base + ".startToCloseTimeout", d.string("startToCloseTimeout"), true);
        duration(errors, base + ".heartbeatTimeout", d.string("heartbeatTimeout"), true);
        priority(errors, base + ".taskPriority", d.string("taskPriority"));
      }
      case "StartChildWorkflowExecution", "ContinueAsNewWorkflowExecution" -> {
        name(errors, base + ".workflowId", d.string("workflowId"));
        name(errors, base + ".taskList.name", d.nested("taskList", "name"));
        duration(
            errors,
            base + ".executionStartToCloseTimeout",
            d.string("executionStartToCloseTimeout"),
            false);
        duration(
            errors, base + ".taskStartToCloseTimeout", d.string("taskStartToCloseTimeout"), true);
        priority(errors, base + ".taskPriority", d.string("taskPriority"));
      }
      case "ScheduleLambdaFunction" ->
          lambdaTimeout(errors, base + ".startToCloseTimeout", d.string("startToCloseTimeout"));
      case "StartTimer" -> {
        name(errors, base + ".timerId", d.string("timerId"));
        duration(errors, base + ".startToFireTimeout", d.string("startToFireTimeout"), false);
      }
      default -> {
        // the model already checked everything else these decisions carry
      }
    }
  }

  private static void name(List<String> errors, String path, String value) {
    if (value != null && !Names.valid(value)) {
      errors.add(
          "Value '"
              + value
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must not contain ':', '/', '|'"
              + " or control characters, must not start or end with whitespace, and must not be the literal string 'arn'");
    }
  }

  private static void duration(
      List<String> errors, String path, String value, boolean noneAllowed) {
    if (value == null) return;
    if (Durations.NONE.equals(value) && noneAllowed) return;
    long s = Durations.parseSeconds(value);
    if (s < 0 || s > Durations.MAX_SECONDS) {
      errors.add(
          "Value '"
              + value
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must be a whole number of"
              + " seconds up to "
              + Durations.MAX_SECONDS
              + (noneAllowed ? " or NONE" : ""));
    }
  }

  /**
   * A Lambda task's start-to-close timeout: whole seconds from 1 to 900 (API reference,
   * ScheduleLambdaFunctionDecisionAttributes: "The timeout value, in seconds, after which the
   * Lambda function is considered to be failed once it has started. This can be any integer from 1
   * to 900 (15m)"); absent, it is 900.
   */
  private static void lambdaTimeout(List<String> errors, String path, String value) {
    if (value == null) return;
    long s = Durations.parseSeconds(value);
    if (s < 1 || s > LambdaTasks.MAX_TIMEOUT_SECONDS) {
      errors.add(
          "Value '"
              + value
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must be a whole number of seconds from 1 to "
              + LambdaTasks.MAX_TIMEOUT_SECONDS);
    }
  }

  private static void priority(List<String> errors, String path, String value) {
    if (value == null) return;
    try {
      Integer.parseInt(value);
    } catch (NumberFormatException e) {
      errors.add(
          "Value '"
              + value
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must be an integer between"
              + " -2147483648 and 2147483647");
    }
  }
}
