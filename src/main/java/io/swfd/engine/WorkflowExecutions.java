package io.swfd.engine;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.Fault;
import io.swfd.run.RunState;
import io.swfd.store.Domain;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import io.swfd.store.WorkflowIdInUseException;

/** Starting runs and finding them. */
public final class WorkflowExecutions {
  private final Registry registry;
  private final Runs runs;

  public WorkflowExecutions(Registry registry, Runs runs) {
    this.registry = registry;
    this.runs = runs;
  }

  /**
   * @return the new run's runId
   */
  public String start(StartWorkflowRequest r) {
    Names.check("workflowId", r.workflowId());
    Names.check("taskList.name", r.taskList());
    Durations.check("executionStartToCloseTimeout", r.executionStartToCloseTimeout(), false);
    Durations.check("taskStartToCloseTimeout", r.taskStartToCloseTimeout(), true);
    Durations.checkPriority("taskPriority", r.taskPriority());
    Domain domain = registry.domain(r.region(), r.domain());
    if (domain.status() == RegistrationStatus.DEPRECATED)
      throw Fault.domainDeprecated(domain.name());
    TypeKey key =
        new TypeKey(TypeKind.WORKFLOW, r.region(), r.domain(), r.typeName(), r.typeVersion());
    RegisteredType type = registry.findType(key).orElseThrow(() -> Registry.unknownType(key));
    if (type.status() == RegistrationStatus.DEPRECATED) throw Fault.typeDeprecated(key.describe());
    TypeDefaults d = type.defaults();

    String taskList = required(r.taskList(), d.taskList(), "task list");
    String execTimeout =
        required(
            r.executionStartToCloseTimeout(),
            d.executionStartToCloseTimeout(),
            "execution start to close timeout");
    String taskTimeout =
        required(
            r.taskStartToCloseTimeout(),
            d.taskStartToCloseTimeout(),
            "task start to close timeout");
    String childPolicy = required(r.childPolicy(), d.childPolicy(), "child policy");
    String priority =
        r.taskPriority() != null
            ? r.taskPriority()
            : d.taskPriority() != null ? d.taskPriority() : "0";
    String lambdaRole = r.lambdaRole() != null ? r.lambdaRole() : d.lambdaRole();
    // An open run of the workflowId is found by the store's unique index when the new run is
    // written (WorkflowIdInUseException below): a read of the store before every start cost more
    // than the rare start it refuses. Only a full domain looks first, to say "already started"
    // rather than "limit exceeded" when both hold.
    if (runs.domainFull(r.region(), r.domain())) {
      if (runs.store().findOpenRun(r.region(), r.domain(), r.workflowId()).isPresent())
        throw alreadyStarted();
      throw Fault.limitExceeded(
          "The domain "
              + r.domain()
              + " already has "
              + runs.maxOpenPerDomain()
              + " open workflow executions");
    }
    NewRun run =
        NewRun.builder(r.region(), r.domain(), r.workflowId(), r.typeName(), r.typeVersion())
            .input(r.input())
            .timeouts(execTimeout, taskTimeout)
            .childPolicy(childPolicy)
            .taskList(taskList, priority)
            .tagList(r.tagList())
            .lambdaRole(lambdaRole)
            .retentionDays(domain.retentionDays())
            .build();
    RunState s = run.state();
    try {
      runs.create(
          s,
          tx -> {
            run.begin(tx);
            return null;
          });
    } catch (WorkflowIdInUseException e) {
      throw alreadyStarted();
    }
    return s.runId;
  }

  /** SWF's words for a workflowId that has an open run (StartWorkflowExecution). */
  static Fault alreadyStarted() {
    return Fault.workflowExecutionAlreadyStarted("Already Started");
  }

  private static String required(String given, String registered, String what) {
    if (given != null) return given;
    if (registered != null) return registered;
    throw Fault.defaultUndefined(
        "No default " + what + " was registered with the workflow type and none was given");
  }

  /** The key of the run named by (workflowId, runId), or UnknownResourceFault as SWF words it. */
  public long find(String region, String domain, String workflowId, String runId) {
    registry.domain(region, domain);
    return runs.store()
        .findRun(region, domain, workflowId, runId)
        .orElseThrow(() -> unknownExecution(workflowId, runId));
  }

  /**
   * The open run a Signal / RequestCancel / Terminate call names: the given run if it is open, or
   * with no runId the workflowId's open run. Anything else is an unknown resource.
   */
  public long findOpen(String region, String domain, String workflowId, String runId) {
    registry.domain(region, domain);
    boolean byRunId = runId != null && !runId.isEmpty();
    long pk =
        (byRunId
                ? runs.store().findRun(region, domain, workflowId, runId)
                : runs.store().findOpenRun(region, domain, workflowId))
            .orElseThrow(() -> unknownExecution(workflowId, byRunId ? runId : null));
    if (!runs.read(pk, RunState::isOpen))
      throw unknownExecution(workflowId, byRunId ? runId : null);
    return pk;
  }

  public void signal(
      String region,
      String domain,
      String workflowId,
      String runId,
      String signalName,
      String input) {
    Names.check("signalName", signalName);
    long pk = findOpen(region, domain, workflowId, runId);
    runs.update(
        pk,
        tx -> {
          requireOpen(tx, workflowId, runId);
          tx.append(
              EventType.WorkflowExecutionSignaled,
              Attributes.of().put("signalName", signalName).put("input", input));
          return null;
        });
  }

  /** SWF leaves closing to the decider: this records the request and wakes it. */
  public void requestCancel(String region, String domain, String workflowId, String runId) {
    long pk = findOpen(region, domain, workflowId, runId);
    runs.update(
        pk,
        tx -> {
          requireOpen(tx, workflowId, runId);
          tx.append(EventType.WorkflowExecutionCancelRequested, Attributes.of());
          return null;
        });
  }

  /** Closes the run at once; the effective child policy goes to its open children. */
  public void terminate(
      String region,
      String domain,
      String workflowId,
      String runId,
      String reason,
      String details,
      String childPolicy) {
    long pk = findOpen(region, domain, workflowId, runId);
    runs.update(
        pk,
        tx -> {
          requireOpen(tx, workflowId, runId);
          tx.append(
              EventType.WorkflowExecutionTerminated,
              Attributes.of()
                  .put("reason", reason)
                  .put("details", details)
                  .put("childPolicy", childPolicy != null ? childPolicy : tx.state().childPolicy)
                  // the WorkflowExecutionTerminatedCause for a termination someone asked for
                  .put("cause", "OPERATOR_INITIATED"));
          return null;
        });
  }

  private static void requireOpen(RunTx tx, String workflowId, String runId) {
    if (!tx.state().isOpen()) throw unknownExecution(workflowId, runId);
  }

  /**
   * SWF's words for a run that does not exist or has closed: named with its runId, {@code Unknown
   * execution: WorkflowExecution=[workflowId=W, runId=R]}; named by workflowId alone (no runId
   * given), {@code Unknown execution, workflowId = W}.
   */
  public static Fault unknownExecution(String workflowId, String runId) {
    if (runId == null || runId.isEmpty())
      return Fault.unknownResource("Unknown execution, workflowId = " + workflowId);
    return Fault.unknownResource(
        "Unknown execution: WorkflowExecution=[workflowId="
            + workflowId
            + ", runId="
            + runId
            + "]");
  }

  public Runs runs() {
    return runs;
  }
}
