package io.swfd.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per account and API: {@code bucket} calls at once, refilled at {@code
 * refillPerSecond}. Off by default; {@link #AWS} holds SWF's published quotas (SWF Developer Guide,
 * 'Amazon SWF quotas', throttling quotas). An API without a rate is not throttled.
 */
public record ThrottlingConfig(Map<String, Rate> rates) {
  public record Rate(long bucket, double refillPerSecond) {
    public Rate {
      if (bucket < 1)
        throw new IllegalArgumentException("a bucket holds at least 1 call, not " + bucket);
      if (!(refillPerSecond >= 0) || Double.isInfinite(refillPerSecond)) {
        throw new IllegalArgumentException(
            "refillPerSecond must be a number >= 0, not " + refillPerSecond);
      }
    }
  }

  public static final ThrottlingConfig OFF = new ThrottlingConfig(Map.of());

  /**
   * Amazon SWF's API quotas per account (bucket size, refill per second), the same in every region.
   */
  public static final ThrottlingConfig AWS = new ThrottlingConfig(aws());

  public ThrottlingConfig {
    rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
  }

  public boolean enabled() {
    return !rates.isEmpty();
  }

  /** This configuration with some rates replaced or added. */
  public ThrottlingConfig with(Map<String, Rate> more) {
    Map<String, Rate> m = new LinkedHashMap<>(rates);
    m.putAll(more);
    return new ThrottlingConfig(m);
  }

  /** {@code aws}, {@code off}/{@code none}; null for anything else. */
  public static ThrottlingConfig preset(String name) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "aws" -> AWS;
      case "off", "none", "false" -> OFF;
      default -> null;
    };
  }

  /** The names throttling knows: all 39 SWF operations and the decision types SWF throttles. */
  public static boolean isApi(String name) {
    return AWS.rates.containsKey(name) || io.swfd.engine.DecisionRates.CAUSES.containsKey(name);
  }

  private static Map<String, Rate> aws() {
    Map<String, Rate> m = new LinkedHashMap<>();
    put(
        m,
        2000,
        6,
        "CountClosedWorkflowExecutions",
        "CountOpenWorkflowExecutions",
        "DescribeActivityType",
        "DescribeWorkflowExecution",
        "DescribeWorkflowType");
    put(
        m,
        200,
        6,
        "CountPendingActivityTasks",
        "CountPendingDecisionTasks",
        "DeleteActivityType",
        "DeleteWorkflowType",
        "DeprecateActivityType",
        "DeprecateWorkflowType",
        "DescribeDomain",
        "ListActivityTypes",
        "ListClosedWorkflowExecutions",
        "ListWorkflowTypes",
        "UndeprecateActivityType",
        "UndeprecateWorkflowType");
    put(m, 100, 6, "DeprecateDomain", "ListDomains", "RegisterDomain", "UndeprecateDomain");
    put(m, 2000, 60, "GetWorkflowExecutionHistory", "TerminateWorkflowExecution");
    put(m, 200, 48, "ListOpenWorkflowExecutions");
    put(m, 50, 30, "ListTagsForResource", "TagResource", "UntagResource");
    put(
        m,
        2000,
        200,
        "PollForActivityTask",
        "PollForDecisionTask",
        "RespondActivityTaskCanceled",
        "RespondActivityTaskCompleted",
        "RespondActivityTaskFailed",
        "RespondDecisionTaskCompleted",
        "StartWorkflowExecution");
    put(m, 2000, 160, "RecordActivityTaskHeartbeat");
    put(m, 200, 60, "RegisterActivityType", "RegisterWorkflowType");
    put(m, 2000, 30, "RequestCancelWorkflowExecution", "SignalWorkflowExecution");
    // decision throttles (a throttled decision fails with its *_RATE_EXCEEDED cause); ContinueAsNew
    // and
    // ScheduleLambdaFunction have no published bucket, so only a custom rate limits them
    put(m, 1000, 200, "ScheduleActivityTask");
    put(m, 1200, 120, "SignalExternalWorkflowExecution", "RequestCancelExternalWorkflowExecution");
    put(m, 500, 12, "StartChildWorkflowExecution");
    put(m, 2000, 200, "StartTimer");
    return m;
  }

  private static void put(Map<String, Rate> m, long bucket, double refill, String... apis) {
    for (String a : apis) m.put(a, new Rate(bucket, refill));
  }
}
