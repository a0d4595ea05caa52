package io.swfd.engine;

import static io.swfd.run.Lifecycles.*;

import io.swfd.matching.TaskListKey;
import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.RunState;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.util.List;
import java.util.Optional;

/**
 * Carries out one decision: its success events, or its *Failed event with the cause SWF gives
 * (failures wake the decider through the event type). Decisions are applied in list order after
 * DecisionTaskCompleted; a failed one does not stop the rest.
 */
final class DecisionApplier {
  static final int MAX_OPEN_ACTIVITIES = 1000;
  static final int MAX_OPEN_TIMERS = 1000;

  private final Registry registry;
  private final LambdaTasks lambdas;
  private final Runs runs;

  DecisionApplier(Registry registry, LambdaTasks lambdas, Runs runs) {
    this.registry = registry;
    this.lambdas = lambdas;
    this.runs = runs;
  }

  /**
   * @param completedEventId the DecisionTaskCompleted event of this batch
   * @param unhandled events needing a decision arrived after the task started
   */
  void apply(RunTx tx, Decision d, long completedEventId, boolean unhandled) {
    switch (d.type()) {
      case "ScheduleActivityTask" -> scheduleActivity(tx, d, completedEventId);
      case "RequestCancelActivityTask" -> requestCancelActivity(tx, d, completedEventId);
      case "RecordMarker" ->
          tx.append(
              EventType.MarkerRecorded,
              Attributes.of()
                  .put("markerName", d.string("markerName"))
                  .put("details", d.string("details"))
                  .put("decisionTaskCompletedEventId", completedEventId));
      case "StartTimer" -> startTimer(tx, d, completedEventId);
      case "CancelTimer" -> cancelTimer(tx, d, completedEventId);
      case "CompleteWorkflowExecution" ->
          close(
              tx,
              unhandled,
              completedEventId,
              EventType.WorkflowExecutionCompleted,
              Attributes.of().put("result", d.string("result")),
              EventType.CompleteWorkflowExecutionFailed);
      case "FailWorkflowExecution" ->
          close(
              tx,
              unhandled,
              completedEventId,
              EventType.WorkflowExecutionFailed,
              Attributes.of().put("reason", d.string("reason")).put("details", d.string("details")),
              EventType.FailWorkflowExecutionFailed);
      case "CancelWorkflowExecution" ->
          close(
              tx,
              unhandled,
              completedEventId,
              EventType.WorkflowExecutionCanceled,
              Attributes.of().put("details", d.string("details")),
              EventType.CancelWorkflowExecutionFailed);
      case "ScheduleLambdaFunction" -> lambdas.schedule(tx, d, completedEventId);
      case "StartChildWorkflowExecution" -> startChild(tx, d, completedEventId);
      case "ContinueAsNewWorkflowExecution" -> continueAsNew(tx, d, completedEventId, unhandled);
      case "SignalExternalWorkflowExecution" ->
          external(
              tx,
              d,
              completedEventId,
              EventType.SignalExternalWorkflowExecutionInitiated,
              Attributes.of()
                  .put("workflowId", d.string("workflowId"))
                  .put("runId", d.string("runId"))
                  .put("signalName", d.string("signalName"))
                  .put("input", d.string("input")));
      case "RequestCancelExternalWorkflowExecution" ->
          external(
              tx,
              d,
              completedEventId,
              EventType.RequestCancelExternalWorkflowExecutionInitiated,
              Attributes.of()
                  .put("workflowId", d.string("workflowId"))
                  .put("runId", d.string("runId")));
      default -> throw new IllegalStateException("decision type not supported: " + d.type());
    }
  }

  private void scheduleActivity(RunTx tx, Decision d, long completedEventId) {
    RunState s = tx.state();
    String name = d.nested("activityType", "name");
    String version = d.nested("activityType", "version");
    String activityId = d.string("activityId");
    Optional<RegisteredType> type =
        registry.findType(new TypeKey(TypeKind.ACTIVITY, s.region, s.domain, name, version));
    String cause = null;
    TypeDefaults defaults = type.map(RegisteredType::defaults).orElse(null);
    if (type.isEmpty()) cause = "ACTIVITY_TYPE_DOES_NOT_EXIST";
    else if (type.get().status() == RegistrationStatus.DEPRECATED)
      cause = "ACTIVITY_TYPE_DEPRECATED";
    else if (s.openActivityById(activityId) != null) cause = "ACTIVITY_ID_ALREADY_IN_USE";
    else if (s.activities.size() >= MAX_OPEN_ACTIVITIES) cause = "OPEN_ACTIVITIES_LIMIT_EXCEEDED";
    String s2c =
        or(
            d.string("scheduleToCloseTimeout"),
            defaults == null ? null : defaults.scheduleToCloseTimeout());
    String taskList =
        or(d.nested("taskList", "name"), defaults == null ? null : defaults.taskList());
    String s2s =
        or(
            d.string("scheduleToStartTimeout"),
            defaults == null ? null : defaults.scheduleToStartTimeout());
    String stc =
        or(
            d.string("startToCloseTimeout"),
            defaults == null ? null : defaults.taskStartToCloseTimeout());
    String hb =
        or(d.string("heartbeatTimeout"), defaults == null ? null : defaults.heartbeatTimeout());
    if (cause == null) {
      if (s2c == null) cause = "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED";
      else if (taskList == null) cause = "DEFAULT_TASK_LIST_UNDEFINED";
      else if (s2s == null) cause = "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED";
      else if (stc == null) cause = "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED";
      else if (hb == null) cause = "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED";
    }
    if (cause != null) {
      tx.append(
          EventType.ScheduleActivityTaskFailed,
          Attributes.of()
              .type("activityType", name, version)
              .put("activityId", activityId)
              .put("cause", cause)
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    String priority = or(d.string("taskPriority"), or(defaults.taskPriority(), "0"));
    HistoryEvent e =
        tx.append(
            EventType.ActivityTaskScheduled,
            Attributes.of()
                .type("activityType", name, version)
                .put("activityId", activityId)
                .put("input", d.string("input"))
                .put("control", d.string("control"))
                .put("scheduleToStartTimeout", s2s)
                .put("scheduleToCloseTimeout", s2c)
                .put("startToCloseTimeout", stc)
                .named("taskList", taskList)
                .put("taskPriority", priority)
                .put("decisionTaskCompletedEventId", completedEventId)
                .put("heartbeatTimeout", hb));
    tx.armTimer(TimerKeys.activity(e.eventId(), TimerKeys.Activity.S2S), s2s);
    tx.armTimer(TimerKeys.activity(e.eventId(), TimerKeys.Activity.S2C), s2c);
    tx.dispatch(TaskListKey.Kind.ACTIVITY, taskList, priority, e.eventId());
  }

  private static void requestCancelActivity(RunTx tx, Decision d, long completedEventId) {
    String activityId = d.string("activityId");
    RunState.ActivityState a = tx.state().openActivityById(activityId);
    if (a == null) {
      tx.append(
          EventType.RequestCancelActivityTaskFailed,
          Attributes.of()
              .put("activityId", activityId)
              .put("cause", "ACTIVITY_ID_UNKNOWN")
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    HistoryEvent requested =
        tx.append(
            EventType.ActivityTaskCancelRequested,
            Attributes.of()
                .put("decisionTaskCompletedEventId", completedEventId)
                .put("activityId", activityId));
    if (status(a) == ActivityStatus.SCHEDULED) {
      // nobody has it yet: canceled at once
      ActivityTasks.disarmAll(tx, a.scheduledEventId);
      tx.withdraw(TaskListKey.Kind.ACTIVITY, a.taskList, a.scheduledEventId);
      tx.append(
          EventType.ActivityTaskCanceled,
          Attributes.of()
              .put("scheduledEventId", a.scheduledEventId)
              .put("startedEventId", 0L)
              .put("latestCancelRequestedEventId", requested.eventId()));
    }
    // a started task learns cancelRequested=true from its next heartbeat
  }

  private static void startTimer(RunTx tx, Decision d, long completedEventId) {
    RunState s = tx.state();
    String timerId = d.string("timerId");
    String cause =
        s.timers.containsKey(timerId)
            ? "TIMER_ID_ALREADY_IN_USE"
            : s.timers.size() >= MAX_OPEN_TIMERS ? "OPEN_TIMERS_LIMIT_EXCEEDED" : null;
    if (cause != null) {
      tx.append(
          EventType.StartTimerFailed,
          Attributes.of()
              .put("timerId", timerId)
              .put("cause", cause)
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    HistoryEvent e =
        tx.append(
            EventType.TimerStarted,
            Attributes.of()
                .put("timerId", timerId)
                .put("control", d.string("control"))
                .put("startToFireTimeout", d.string("startToFireTimeout"))
                .put("decisionTaskCompletedEventId", completedEventId));
    tx.armTimer(TimerKeys.userTimer(e.eventId()), d.string("startToFireTimeout"));
  }

  private static void cancelTimer(RunTx tx, Decision d, long completedEventId) {
    String timerId = d.string("timerId");
    RunState.TimerState t = tx.state().timers.get(timerId);
    if (t == null) {
      tx.append(
          EventType.CancelTimerFailed,
          Attributes.of()
              .put("timerId", timerId)
              .put("cause", "TIMER_ID_UNKNOWN")
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    tx.disarmTimer(TimerKeys.userTimer(t.startedEventId));
    tx.append(
        EventType.TimerCanceled,
        Attributes.of()
            .put("timerId", timerId)
            .put("startedEventId", t.startedEventId)
            .put("decisionTaskCompletedEventId", completedEventId));
  }

  /**
   * Closing decisions are refused (UNHANDLED_DECISION) while the decider has not seen every new
   * event.
   */
  private static void close(
      RunTx tx,
      boolean unhandled,
      long completedEventId,
      EventType closeEvent,
      Attributes attrs,
      EventType failedEvent) {
    if (unhandled) {
      tx.append(
          failedEvent,
          Attributes.of()
              .put("cause", "UNHANDLED_DECISION")
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    tx.append(closeEvent, attrs.put("decisionTaskCompletedEventId", completedEventId));
  }

  static final int MAX_OPEN_CHILDREN = 1000;

  /** The workflow type a child or continued run will have, and the cause when it cannot be used. */
  private record WorkflowTypeCheck(TypeDefaults defaults, String cause) {}

  private WorkflowTypeCheck workflowType(RunState s, String name, String version) {
    Optional<RegisteredType> t =
        registry.findType(new TypeKey(TypeKind.WORKFLOW, s.region, s.domain, name, version));
    if (t.isEmpty()) return new WorkflowTypeCheck(null, "WORKFLOW_TYPE_DOES_NOT_EXIST");
    if (t.get().status() == RegistrationStatus.DEPRECATED)
      return new WorkflowTypeCheck(null, "WORKFLOW_TYPE_DEPRECATED");
    return new WorkflowTypeCheck(t.get().defaults(), null);
  }

  /**
   * The first default SWF finds missing, in the order of its cause enum; null when all are defined.
   */
  private static String undefinedDefault(
      String execTimeout, String taskList, String taskTimeout, String childPolicy) {
    if (execTimeout == null) return "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED";
    if (taskList == null) return "DEFAULT_TASK_LIST_UNDEFINED";
    if (taskTimeout == null) return "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED";
    if (childPolicy == null) return "DEFAULT_CHILD_POLICY_UNDEFINED";
    return null;
  }

  /**
   * Type and default problems fail at once (initiatedEventId 0, no Initiated event); otherwise the
   * Initiated event is written and the child is started asynchronously, as on SWF, where a
   * workflowId already open fails with WORKFLOW_ALREADY_RUNNING.
   */
  private void startChild(RunTx tx, Decision d, long completedEventId) {
    RunState s = tx.state();
    String name = d.nested("workflowType", "name");
    String version = d.nested("workflowType", "version");
    WorkflowTypeCheck type = workflowType(s, name, version);
    TypeDefaults def = type.defaults();
    String exec =
        or(
            d.string("executionStartToCloseTimeout"),
            def == null ? null : def.executionStartToCloseTimeout());
    String taskList = or(d.nested("taskList", "name"), def == null ? null : def.taskList());
    String task =
        or(d.string("taskStartToCloseTimeout"), def == null ? null : def.taskStartToCloseTimeout());
    String policy = or(d.string("childPolicy"), def == null ? null : def.childPolicy());
    String cause = type.cause();
    if (cause == null) cause = undefinedDefault(exec, taskList, task, policy);
    if (cause == null && s.children.size() >= MAX_OPEN_CHILDREN)
      cause = "OPEN_CHILDREN_LIMIT_EXCEEDED";
    if (cause == null && runs.domainFull(s.region, s.domain))
      cause = "OPEN_WORKFLOWS_LIMIT_EXCEEDED";
    if (cause != null) {
      tx.append(
          EventType.StartChildWorkflowExecutionFailed,
          Attributes.of()
              .type("workflowType", name, version)
              .put("cause", cause)
              .put("workflowId", d.string("workflowId"))
              .put("initiatedEventId", 0L)
              .put("decisionTaskCompletedEventId", completedEventId)
              .put("control", d.string("control")));
      return;
    }
    @SuppressWarnings("unchecked")
    List<String> tags =
        d.attributes().get("tagList") instanceof List<?> l ? (List<String>) l : null;
    HistoryEvent e =
        tx.append(
            EventType.StartChildWorkflowExecutionInitiated,
            Attributes.of()
                .put("workflowId", d.string("workflowId"))
                .type("workflowType", name, version)
                .put("control", d.string("control"))
                .put("input", d.string("input"))
                .put("executionStartToCloseTimeout", exec)
                .named("taskList", taskList)
                .put("taskPriority", or(d.string("taskPriority"), def.taskPriority()))
                .put("decisionTaskCompletedEventId", completedEventId)
                .put("childPolicy", policy)
                .put("taskStartToCloseTimeout", task)
                .put("tagList", tags == null || tags.isEmpty() ? null : tags)
                .put("lambdaRole", or(d.string("lambdaRole"), def.lambdaRole())));
    tx.armTimer(TimerKeys.startChild(e.eventId()), tx.now());
  }

  /** Closes this run and starts its successor (same workflowId, new runId) in the same commit. */
  private void continueAsNew(RunTx tx, Decision d, long completedEventId, boolean unhandled) {
    RunState s = tx.state();
    String version = or(d.string("workflowTypeVersion"), s.typeVersion);
    WorkflowTypeCheck type = workflowType(s, s.typeName, version);
    TypeDefaults def = type.defaults();
    String exec =
        or(
            d.string("executionStartToCloseTimeout"),
            def == null ? null : def.executionStartToCloseTimeout());
    String taskList = or(d.nested("taskList", "name"), def == null ? null : def.taskList());
    String task =
        or(d.string("taskStartToCloseTimeout"), def == null ? null : def.taskStartToCloseTimeout());
    String policy = or(d.string("childPolicy"), def == null ? null : def.childPolicy());
    String cause = unhandled ? "UNHANDLED_DECISION" : type.cause();
    if (cause == null) cause = undefinedDefault(exec, taskList, task, policy);
    if (cause != null) {
      tx.append(
          EventType.ContinueAsNewWorkflowExecutionFailed,
          Attributes.of()
              .put("cause", cause)
              .put("decisionTaskCompletedEventId", completedEventId));
      return;
    }
    @SuppressWarnings("unchecked")
    List<String> tags =
        d.attributes() != null && d.attributes().get("tagList") instanceof List<?> l
            ? (List<String>) l
            : null;
    String priority = or(d.string("taskPriority"), or(def.taskPriority(), "0"));
    String lambdaRole = or(d.string("lambdaRole"), def.lambdaRole());
    // a child that continues as new stays its parent's child
    NewRun next =
        NewRun.builder(s.region, s.domain, s.workflowId, s.typeName, version)
            .input(d.string("input"))
            .timeouts(exec, task)
            .childPolicy(policy)
            .taskList(taskList, priority)
            .tagList(tags)
            .lambdaRole(lambdaRole)
            .continuedFrom(s.runId)
            .parent(s.parentWorkflowId, s.parentRunId, s.parentInitiatedEventId, s.parentRunPk)
            .retentionDays(s.retentionDays)
            .build();
    RunState successor = next.state();
    tx.append(
        EventType.WorkflowExecutionContinuedAsNew,
        Attributes.of()
            .put("input", d.string("input"))
            .put("decisionTaskCompletedEventId", completedEventId)
            .put("newExecutionRunId", successor.runId)
            .put("executionStartToCloseTimeout", exec)
            .named("taskList", taskList)
            .put("taskPriority", priority)
            .put("taskStartToCloseTimeout", task)
            .put("childPolicy", policy)
            .put("tagList", tags == null || tags.isEmpty() ? null : tags)
            .type("workflowType", s.typeName, version)
            .put("lambdaRole", lambdaRole));
    next.begin(tx.spawn(successor));
  }

  /** The Initiated event now; delivery to the other run follows asynchronously (see Transfers). */
  private static void external(
      RunTx tx, Decision d, long completedEventId, EventType initiated, Attributes attributes) {
    HistoryEvent e =
        tx.append(
            initiated,
            attributes
                .put("decisionTaskCompletedEventId", completedEventId)
                .put("control", d.string("control")));
    tx.armTimer(TimerKeys.external(e.eventId()), tx.now());
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }
}
