package io.swfd.engine;

import java.util.Map;

/**
 * Whether the decider that completed a decision task may make a decision (SWF Developer Guide,
 * 'Identity and Access Management in Amazon SWF', decision permissions): each decision type except
 * ScheduleLambdaFunction is an IAM action of its own ({@code swf:ScheduleActivityTask}, ...),
 * checked against the run's domain with the decision's condition keys. A decision that is not
 * permitted fails with cause OPERATION_NOT_PERMITTED; the other decisions of the batch go on.
 * Implemented by io.swfd.auth; the engine knows no policies.
 */
public interface DecisionPermissions {
  /** Everything is permitted (no credentials configured, or a key without a policy). */
  DecisionPermissions ALL = (action, region, domain, conditions) -> true;

  /**
   * @param action the decision type, e.g. {@code ScheduleActivityTask} (the IAM action is {@code
   *     swf:} + it)
   * @param region the run's region
   * @param domain the run's domain
   * @param conditions the decision's condition keys ({@code swf:activityType.name}, {@code
   *     swf:taskList.name}, ...)
   */
  boolean permits(String action, String region, String domain, Map<String, String> conditions);
}
