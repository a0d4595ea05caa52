package io.swfd.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything swfd needs to know about one run between requests. It is a fold of the run's history
 * (the engine's applier) plus what SWF keeps outside the history (heartbeat time and details);
 * times are epoch milliseconds.
 *
 * <p>A store keeps it as the run's info (every field but the pending items: a small row) plus one
 * row per pending item ({@link ItemKind}): the maps of items are {@code transient}, so that the
 * info alone serializes without them. Payloads the history already holds (an activity's or a
 * child's input, a child's tags, control strings) are not copied here: they are read from the event
 * that opened the item when they are needed.
 */
public final class RunState {
  /** The store's key for the run (0 until first stored). */
  public long runPk;

  /** Incremented by every commit; the store refuses a write made from a stale copy. */
  public long version;

  public String region;
  public String domain;
  public String workflowId;
  public String runId;
  public String typeName;
  public String typeVersion;

  // effective configuration (DescribeWorkflowExecution.executionConfiguration)
  public String taskList;
  public String taskPriority;
  public String executionStartToCloseTimeout;
  public String taskStartToCloseTimeout;
  public String childPolicy;
  public String lambdaRole;
  public List<String> tagList = new ArrayList<>();

  public String parentWorkflowId;
  public String parentRunId;
  public long parentInitiatedEventId;
  public String continuedExecutionRunId;

  /**
   * The parent run's store key (a shortcut for notifying it; the history names it by workflowId and
   * runId).
   */
  public long parentRunPk;

  /** The domain's retention, fixed when the run starts (domains cannot change it). */
  public String retentionDays;

  public long startedAt;
  public long closedAt;

  /** OPEN or CLOSED. */
  public String status = "OPEN";

  /** COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW or TIMED_OUT once closed. */
  public String closeStatus;

  public boolean cancelRequested;

  public long nextEventId = 1;
  public String latestExecutionContext;
  public long latestActivityTaskScheduledAt;

  public DecisionTaskState decision = new DecisionTaskState();

  /** Open activity tasks by scheduledEventId. */
  public transient Map<Long, ActivityState> activities = new LinkedHashMap<>();

  /** Open timers by timerId. */
  public transient Map<String, TimerState> timers = new LinkedHashMap<>();

  /** Child runs initiated and not yet closed, by the initiating event's id. */
  public transient Map<Long, ChildState> children = new LinkedHashMap<>();

  /** Lambda tasks scheduled and not yet closed, by scheduledEventId. */
  public transient Map<Long, LambdaState> lambdas = new LinkedHashMap<>();

  /** Signals and cancel requests to other runs not yet delivered, by the initiating event's id. */
  public transient Map<Long, ExternalState> externals = new LinkedHashMap<>();

  public boolean isOpen() {
    return "OPEN".equals(status);
  }

  public ActivityState openActivityById(String activityId) {
    for (ActivityState a : activities.values()) if (a.activityId.equals(activityId)) return a;
    return null;
  }

  /**
   * The decision task list in force: an override from RespondDecisionTaskCompleted, else the run's.
   */
  public String currentDecisionTaskList() {
    return decision.taskListOverride != null ? decision.taskListOverride : taskList;
  }

  public static final class DecisionTaskState {
    /** NONE, SCHEDULED or STARTED. */
    public String status = "NONE";

    public long scheduledEventId;
    public long scheduledAt;
    public long startedEventId;
    public String scheduledOnTaskList;

    /** Events that need a decision arrived while this task was started. */
    public boolean wakePending;

    /** startedEventId of the last decision task that completed (previousStartedEventId). */
    public long previousStartedEventId;

    public String taskListOverride;

    /** When set, the override lasts only until a task on it fails to start in time. */
    public String overrideScheduleToStartTimeout;

    public boolean isScheduled() {
      return "SCHEDULED".equals(status);
    }

    public boolean isStarted() {
      return "STARTED".equals(status);
    }

    public boolean isNone() {
      return "NONE".equals(status);
    }
  }

  public static final class ActivityState {
    public long scheduledEventId;
    public String activityId;
    public String typeName;
    public String typeVersion;
    public String taskList;
    public String taskPriority;
    public String scheduleToStartTimeout;
    public String scheduleToCloseTimeout;
    public String startToCloseTimeout;
    public String heartbeatTimeout;
    public long scheduledAt;
    public long startedEventId;
    public long startedAt;
    public long lastHeartbeatAt;
    public String heartbeatDetails;

    public long cancelRequestedEventId;

    public boolean isStarted() {
      return startedEventId > 0;
    }
  }

  public static final class ChildState {
    public long initiatedEventId;
    public long decisionTaskCompletedEventId;
    public String workflowId;
    public String typeName;
    public String typeVersion;
    public String executionStartToCloseTimeout;
    public String taskStartToCloseTimeout;
    public String taskList;
    public String taskPriority;
    public String childPolicy;
    public String lambdaRole;

    /** Set once the child run exists. */
    public String runId;

    public long startedEventId;
  }

  public static final class ExternalState {
    /** SIGNAL or CANCEL. */
    public String kind;

    public long initiatedEventId;
    public long decisionTaskCompletedEventId;
    public String workflowId;
    public String runId;
    public String signalName;
  }

  public static final class LambdaState {
    public long scheduledEventId;
    public String id;
    public String name;
    public String startToCloseTimeout;
    public long startedEventId;
  }

  public static final class TimerState {
    public String timerId;
    public long startedEventId;
    public long fireAt;
  }
}
