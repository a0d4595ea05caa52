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

  /** Changed only by a close event, through {@link Lifecycles#RUN}. */
  public Lifecycles.RunStatus status = Lifecycles.RunStatus.OPEN;

  /** How the run closed; null while it is open. */
  public CloseStatus closeStatus;

  public boolean cancelRequested;

  public long nextEventId = 1;
  public String latestExecutionContext;
  public long latestActivityTaskScheduledAt;

  /** The run's decision task (one at most at a time); replaced, never changed in place. */
  public DecisionTaskState decision = DecisionTaskState.none();

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
    return status == Lifecycles.RunStatus.OPEN;
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

  /** How a closed run closed (SWF API Reference, WorkflowExecutionInfo.closeStatus). */
  public enum CloseStatus {
    COMPLETED,
    FAILED,
    CANCELED,
    TERMINATED,
    CONTINUED_AS_NEW,
    TIMED_OUT
  }

  /** The run's decision task: none, scheduled or started ({@link Lifecycles#DECISION}). */
  public static final class DecisionTaskState {
    /** No decision task yet. */
    public static DecisionTaskState none() {
      return new DecisionTaskState();
    }

    public final Lifecycles.DecisionStatus status;
    public final long scheduledEventId;
    public final long scheduledAt;
    public final long startedEventId;
    public final String scheduledOnTaskList;

    /** Events that need a decision arrived while this task was started. */
    public final boolean wakePending;

    /** startedEventId of the last decision task that completed (previousStartedEventId). */
    public final long previousStartedEventId;

    public final String taskListOverride;

    /** When set, the override lasts only until a task on it fails to start in time. */
    public final String overrideScheduleToStartTimeout;

    private DecisionTaskState() {
      this(Lifecycles.DecisionStatus.NONE, 0, 0, 0, null, false, 0, null, null);
    }

    public DecisionTaskState(
        Lifecycles.DecisionStatus status,
        long scheduledEventId,
        long scheduledAt,
        long startedEventId,
        String scheduledOnTaskList,
        boolean wakePending,
        long previousStartedEventId,
        String taskListOverride,
        String overrideScheduleToStartTimeout) {
      this.status = status;
      this.scheduledEventId = scheduledEventId;
      this.scheduledAt = scheduledAt;
      this.startedEventId = startedEventId;
      this.scheduledOnTaskList = scheduledOnTaskList;
      this.wakePending = wakePending;
      this.previousStartedEventId = previousStartedEventId;
      this.taskListOverride = taskListOverride;
      this.overrideScheduleToStartTimeout = overrideScheduleToStartTimeout;
    }

    /** The state after {@code action}: its status from the table, the rest as given. */
    private DecisionTaskState to(
        Lifecycles.DecisionAction action,
        long scheduledEventId,
        long scheduledAt,
        long startedEventId,
        String scheduledOnTaskList,
        boolean wakePending,
        long previousStartedEventId,
        String taskListOverride,
        String overrideScheduleToStartTimeout) {
      return new DecisionTaskState(
          Lifecycles.DECISION.next(status, action),
          scheduledEventId,
          scheduledAt,
          startedEventId,
          scheduledOnTaskList,
          wakePending,
          previousStartedEventId,
          taskListOverride,
          overrideScheduleToStartTimeout);
    }

    /** DecisionTaskScheduled. */
    public DecisionTaskState schedule(long eventId, long at, String taskList) {
      return to(
          Lifecycles.DecisionAction.SCHEDULE,
          eventId,
          at,
          0,
          taskList,
          false,
          previousStartedEventId,
          taskListOverride,
          overrideScheduleToStartTimeout);
    }

    /** DecisionTaskStarted. */
    public DecisionTaskState start(long eventId) {
      return to(
          Lifecycles.DecisionAction.START,
          scheduledEventId,
          scheduledAt,
          eventId,
          scheduledOnTaskList,
          wakePending,
          previousStartedEventId,
          taskListOverride,
          overrideScheduleToStartTimeout);
    }

    /**
     * DecisionTaskCompleted; {@code overrideTaskList} (null: none) and its schedule-to-start
     * timeout replace the override in force, where {@code overrideTaskList} equal to the run's own
     * list ends it.
     */
    public DecisionTaskState complete(
        long startedEventId, String runTaskList, String overrideTaskList, String overrideS2s) {
      String override = taskListOverride;
      String s2s = overrideScheduleToStartTimeout;
      if (overrideTaskList != null) {
        override = overrideTaskList.equals(runTaskList) ? null : overrideTaskList;
        s2s = overrideS2s;
      }
      return to(
          Lifecycles.DecisionAction.COMPLETE,
          scheduledEventId,
          scheduledAt,
          this.startedEventId,
          scheduledOnTaskList,
          false,
          startedEventId,
          override,
          s2s);
    }

    /**
     * DecisionTaskTimedOut. A temporary task-list override ends when a task on it times out (SWF
     * API Reference, RespondDecisionTaskCompleted's taskList: the override lasts until a task on it
     * times out).
     */
    public DecisionTaskState timeOut(Lifecycles.DecisionAction action) {
      boolean temporary = overrideScheduleToStartTimeout != null;
      return to(
          action,
          scheduledEventId,
          scheduledAt,
          startedEventId,
          scheduledOnTaskList,
          wakePending,
          previousStartedEventId,
          temporary ? null : taskListOverride,
          temporary ? null : overrideScheduleToStartTimeout);
    }

    /** The run closed: whatever decision task it had is gone. */
    public DecisionTaskState drop() {
      return to(
          Lifecycles.DecisionAction.DROP,
          scheduledEventId,
          scheduledAt,
          startedEventId,
          scheduledOnTaskList,
          wakePending,
          previousStartedEventId,
          taskListOverride,
          overrideScheduleToStartTimeout);
    }

    /** Events that need a decision arrived while this (started) task runs. */
    public DecisionTaskState wakePending() {
      if (wakePending) return this;
      return new DecisionTaskState(
          status,
          scheduledEventId,
          scheduledAt,
          startedEventId,
          scheduledOnTaskList,
          true,
          previousStartedEventId,
          taskListOverride,
          overrideScheduleToStartTimeout);
    }

    public boolean isScheduled() {
      return status == Lifecycles.DecisionStatus.SCHEDULED;
    }

    public boolean isStarted() {
      return status == Lifecycles.DecisionStatus.STARTED;
    }

    public boolean isNone() {
      return status == Lifecycles.DecisionStatus.NONE;
    }
  }

  /** An open activity task ({@link Lifecycles#ACTIVITY}). */
  public static final class ActivityState {
    public final long scheduledEventId;
    public final String activityId;
    public final String typeName;
    public final String typeVersion;
    public final String taskList;
    public final String taskPriority;
    public final String scheduleToStartTimeout;
    public final String scheduleToCloseTimeout;
    public final String startToCloseTimeout;
    public final String heartbeatTimeout;
    public final long scheduledAt;
    public final long startedEventId;
    public final long startedAt;
    public final long lastHeartbeatAt;
    public final String heartbeatDetails;
    public final long cancelRequestedEventId;

    private ActivityState() {
      this(0, null, null, null, null, null, null, null, null, null, 0, 0, 0, 0, null, 0);
    }

    public ActivityState(
        long scheduledEventId,
        String activityId,
        String typeName,
        String typeVersion,
        String taskList,
        String taskPriority,
        String scheduleToStartTimeout,
        String scheduleToCloseTimeout,
        String startToCloseTimeout,
        String heartbeatTimeout,
        long scheduledAt,
        long startedEventId,
        long startedAt,
        long lastHeartbeatAt,
        String heartbeatDetails,
        long cancelRequestedEventId) {
      this.scheduledEventId = scheduledEventId;
      this.activityId = activityId;
      this.typeName = typeName;
      this.typeVersion = typeVersion;
      this.taskList = taskList;
      this.taskPriority = taskPriority;
      this.scheduleToStartTimeout = scheduleToStartTimeout;
      this.scheduleToCloseTimeout = scheduleToCloseTimeout;
      this.startToCloseTimeout = startToCloseTimeout;
      this.heartbeatTimeout = heartbeatTimeout;
      this.scheduledAt = scheduledAt;
      this.startedEventId = startedEventId;
      this.startedAt = startedAt;
      this.lastHeartbeatAt = lastHeartbeatAt;
      this.heartbeatDetails = heartbeatDetails;
      this.cancelRequestedEventId = cancelRequestedEventId;
    }

    public Lifecycles.ActivityStatus status() {
      return startedEventId > 0
          ? Lifecycles.ActivityStatus.STARTED
          : Lifecycles.ActivityStatus.SCHEDULED;
    }

    public boolean isStarted() {
      return startedEventId > 0;
    }

    private ActivityState to(
        Lifecycles.ActivityAction action,
        long startedEventId,
        long startedAt,
        long lastHeartbeatAt,
        String heartbeatDetails,
        long cancelRequestedEventId) {
      Lifecycles.ActivityStatus next = Lifecycles.ACTIVITY.next(status(), action);
      if (next == Lifecycles.ActivityStatus.CLOSED)
        throw new IllegalArgumentException(action + " closes the activity task: use close()");
      return new ActivityState(
          scheduledEventId,
          activityId,
          typeName,
          typeVersion,
          taskList,
          taskPriority,
          scheduleToStartTimeout,
          scheduleToCloseTimeout,
          startToCloseTimeout,
          heartbeatTimeout,
          scheduledAt,
          startedEventId,
          startedAt,
          lastHeartbeatAt,
          heartbeatDetails,
          cancelRequestedEventId);
    }

    /** ActivityTaskStarted: its heartbeat clock starts too. */
    public ActivityState start(long eventId, long at) {
      return to(
          Lifecycles.ActivityAction.START,
          eventId,
          at,
          at,
          heartbeatDetails,
          cancelRequestedEventId);
    }

    /** A heartbeat at {@code at}; {@code details} null keeps the last ones. */
    public ActivityState heartbeat(long at, String details) {
      return to(
          Lifecycles.ActivityAction.HEARTBEAT,
          startedEventId,
          startedAt,
          at,
          details != null ? details : heartbeatDetails,
          cancelRequestedEventId);
    }

    /** The latest heartbeat as stored (its details exactly, null included). */
    public ActivityState storedHeartbeat(long at, String details) {
      return to(
          Lifecycles.ActivityAction.HEARTBEAT,
          startedEventId,
          startedAt,
          at,
          details,
          cancelRequestedEventId);
    }

    /** ActivityTaskCancelRequested. */
    public ActivityState requestCancel(long eventId) {
      return to(
          Lifecycles.ActivityAction.REQUEST_CANCEL,
          startedEventId,
          startedAt,
          lastHeartbeatAt,
          heartbeatDetails,
          eventId);
    }

    /**
     * Checks that {@code action} closes the task in its state (the task then leaves its run).
     *
     * @throws Transitions.IllegalTransitionException when it may not
     */
    public void close(Lifecycles.ActivityAction action) {
      closes(Lifecycles.ACTIVITY.next(status(), action), Lifecycles.ActivityStatus.CLOSED, action);
    }
  }

  /** An open user timer ({@link Lifecycles#TIMER}). */
  public static final class TimerState {
    public final String timerId;
    public final long startedEventId;
    public final long fireAt;

    private TimerState() {
      this(null, 0, 0);
    }

    public TimerState(String timerId, long startedEventId, long fireAt) {
      this.timerId = timerId;
      this.startedEventId = startedEventId;
      this.fireAt = fireAt;
    }

    public Lifecycles.TimerStatus status() {
      return Lifecycles.TimerStatus.STARTED;
    }

    /** Checks that {@code action} closes the timer (it then leaves its run). */
    public void close(Lifecycles.TimerAction action) {
      closes(Lifecycles.TIMER.next(status(), action), Lifecycles.TimerStatus.CLOSED, action);
    }
  }

  /** A child run initiated and not yet closed ({@link Lifecycles#CHILD}). */
  public static final class ChildState {
    public final long initiatedEventId;
    public final long decisionTaskCompletedEventId;
    public final String workflowId;
    public final String typeName;
    public final String typeVersion;
    public final String executionStartToCloseTimeout;
    public final String taskStartToCloseTimeout;
    public final String taskList;
    public final String taskPriority;
    public final String childPolicy;
    public final String lambdaRole;

    /** Set once the child run exists. */
    public final String runId;

    public final long startedEventId;

    private ChildState() {
      this(0, 0, null, null, null, null, null, null, null, null, null, null, 0);
    }

    public ChildState(
        long initiatedEventId,
        long decisionTaskCompletedEventId,
        String workflowId,
        String typeName,
        String typeVersion,
        String executionStartToCloseTimeout,
        String taskStartToCloseTimeout,
        String taskList,
        String taskPriority,
        String childPolicy,
        String lambdaRole,
        String runId,
        long startedEventId) {
      this.initiatedEventId = initiatedEventId;
      this.decisionTaskCompletedEventId = decisionTaskCompletedEventId;
      this.workflowId = workflowId;
      this.typeName = typeName;
      this.typeVersion = typeVersion;
      this.executionStartToCloseTimeout = executionStartToCloseTimeout;
      this.taskStartToCloseTimeout = taskStartToCloseTimeout;
      this.taskList = taskList;
      this.taskPriority = taskPriority;
      this.childPolicy = childPolicy;
      this.lambdaRole = lambdaRole;
      this.runId = runId;
      this.startedEventId = startedEventId;
    }

    public Lifecycles.ChildStatus status() {
      return runId != null ? Lifecycles.ChildStatus.STARTED : Lifecycles.ChildStatus.INITIATED;
    }

    /** ChildWorkflowExecutionStarted: the child run {@code runId} exists. */
    public ChildState start(String runId, long eventId) {
      Lifecycles.CHILD.next(status(), Lifecycles.ChildAction.START);
      return new ChildState(
          initiatedEventId,
          decisionTaskCompletedEventId,
          workflowId,
          typeName,
          typeVersion,
          executionStartToCloseTimeout,
          taskStartToCloseTimeout,
          taskList,
          taskPriority,
          childPolicy,
          lambdaRole,
          runId,
          eventId);
    }

    /** Checks that {@code action} closes the child (it then leaves its parent). */
    public void close(Lifecycles.ChildAction action) {
      closes(Lifecycles.CHILD.next(status(), action), Lifecycles.ChildStatus.CLOSED, action);
    }
  }

  /** A signal or cancel request to another run not yet delivered ({@link Lifecycles#EXTERNAL}). */
  public static final class ExternalState {
    /** What is to be delivered. */
    public enum Kind {
      SIGNAL,
      CANCEL
    }

    public final Kind kind;
    public final long initiatedEventId;
    public final long decisionTaskCompletedEventId;
    public final String workflowId;
    public final String runId;

    /** The signal's name (null for a cancel request). */
    public final String signalName;

    private ExternalState() {
      this(null, 0, 0, null, null, null);
    }

    public ExternalState(
        Kind kind,
        long initiatedEventId,
        long decisionTaskCompletedEventId,
        String workflowId,
        String runId,
        String signalName) {
      this.kind = kind;
      this.initiatedEventId = initiatedEventId;
      this.decisionTaskCompletedEventId = decisionTaskCompletedEventId;
      this.workflowId = workflowId;
      this.runId = runId;
      this.signalName = signalName;
    }

    public Lifecycles.ExternalStatus status() {
      return Lifecycles.ExternalStatus.INITIATED;
    }

    /** Checks that {@code action} closes the request (it then leaves its run). */
    public void close(Lifecycles.ExternalAction action) {
      closes(Lifecycles.EXTERNAL.next(status(), action), Lifecycles.ExternalStatus.CLOSED, action);
    }
  }

  /** A Lambda task scheduled and not yet closed ({@link Lifecycles#LAMBDA}). */
  public static final class LambdaState {
    public final long scheduledEventId;
    public final String id;
    public final String name;
    public final String startToCloseTimeout;
    public final long startedEventId;

    private LambdaState() {
      this(0, null, null, null, 0);
    }

    public LambdaState(
        long scheduledEventId,
        String id,
        String name,
        String startToCloseTimeout,
        long startedEventId) {
      this.scheduledEventId = scheduledEventId;
      this.id = id;
      this.name = name;
      this.startToCloseTimeout = startToCloseTimeout;
      this.startedEventId = startedEventId;
    }

    public Lifecycles.LambdaStatus status() {
      return startedEventId > 0
          ? Lifecycles.LambdaStatus.STARTED
          : Lifecycles.LambdaStatus.SCHEDULED;
    }

    /** LambdaFunctionStarted. */
    public LambdaState start(long eventId) {
      Lifecycles.LAMBDA.next(status(), Lifecycles.LambdaAction.START);
      return new LambdaState(scheduledEventId, id, name, startToCloseTimeout, eventId);
    }

    /** Checks that {@code action} closes the task (it then leaves its run). */
    public void close(Lifecycles.LambdaAction action) {
      closes(Lifecycles.LAMBDA.next(status(), action), Lifecycles.LambdaStatus.CLOSED, action);
    }
  }

  /** An action that the table allows but that does not close the item is not a close. */
  private static <S extends Enum<S>> void closes(S next, S closed, Enum<?> action) {
    if (next != closed) throw new IllegalArgumentException(action + " does not close the item");
  }
}
