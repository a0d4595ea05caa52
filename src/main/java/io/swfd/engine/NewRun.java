package io.swfd.engine;

import io.swfd.run.Attributes;
import io.swfd.run.EventType;
import io.swfd.run.RunState;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The first events of a run, however it starts (StartWorkflowExecution, a child, continue-as-new):
 * WorkflowExecutionStarted with the effective configuration, the execution timeout, and the first
 * decision task. Made with {@link #builder}; the configuration is the effective one (defaults
 * already applied).
 */
public record NewRun(
    String region,
    String domain,
    String workflowId,
    String typeName,
    String typeVersion,
    String input,
    String executionStartToCloseTimeout,
    String taskStartToCloseTimeout,
    String childPolicy,
    String taskList,
    String taskPriority,
    List<String> tagList,
    String lambdaRole,
    String continuedExecutionRunId,
    String parentWorkflowId,
    String parentRunId,
    long parentInitiatedEventId,
    long parentRunPk,
    String retentionDays) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new run of this workflow type, with no parent and not continuing another run. */
  public static Builder builder(
      String region, String domain, String workflowId, String typeName, String typeVersion) {
    return new Builder(region, domain, workflowId, typeName, typeVersion);
  }

  /** Builds a {@link NewRun}; what is not set is null (no parent: 0 for its ids). */
  public static final class Builder {
    private final String region;
    private final String domain;
    private final String workflowId;
    private final String typeName;
    private final String typeVersion;
    private String input;
    private String executionStartToCloseTimeout;
    private String taskStartToCloseTimeout;
    private String childPolicy;
    private String taskList;
    private String taskPriority;
    private List<String> tagList;
    private String lambdaRole;
    private String continuedExecutionRunId;
    private String parentWorkflowId;
    private String parentRunId;
    private long parentInitiatedEventId;
    private long parentRunPk;
    private String retentionDays;

    private Builder(
        String region, String domain, String workflowId, String typeName, String typeVersion) {
      this.region = region;
      this.domain = domain;
      this.workflowId = workflowId;
      this.typeName = typeName;
      this.typeVersion = typeVersion;
    }

    public Builder input(String s) {
      input = s;
      return this;
    }

    /** executionStartToCloseTimeout and taskStartToCloseTimeout. */
    public Builder timeouts(String execution, String task) {
      executionStartToCloseTimeout = execution;
      taskStartToCloseTimeout = task;
      return this;
    }

    public Builder childPolicy(String s) {
      childPolicy = s;
      return this;
    }

    /** The decision task list and its priority. */
    public Builder taskList(String name, String priority) {
      taskList = name;
      taskPriority = priority;
      return this;
    }

    public Builder tagList(List<String> tags) {
      tagList = tags;
      return this;
    }

    public Builder lambdaRole(String s) {
      lambdaRole = s;
      return this;
    }

    /** The run this one continues as new. */
    public Builder continuedFrom(String runId) {
      continuedExecutionRunId = runId;
      return this;
    }

    /** The parent of a child run, and the StartChildWorkflowExecutionInitiated event's id. */
    public Builder parent(String workflowId, String runId, long initiatedEventId, long runPk) {
      parentWorkflowId = workflowId;
      parentRunId = runId;
      parentInitiatedEventId = initiatedEventId;
      parentRunPk = runPk;
      return this;
    }

    /** The domain's retention, copied into the run. */
    public Builder retentionDays(String days) {
      retentionDays = days;
      return this;
    }

    public NewRun build() {
      return new NewRun(
          region,
          domain,
          workflowId,
          typeName,
          typeVersion,
          input,
          executionStartToCloseTimeout,
          taskStartToCloseTimeout,
          childPolicy,
          taskList,
          taskPriority,
          tagList,
          lambdaRole,
          continuedExecutionRunId,
          parentWorkflowId,
          parentRunId,
          parentInitiatedEventId,
          parentRunPk,
          retentionDays);
    }
  }

  /** A fresh state with a new runId, ready for {@link #begin}. */
  public RunState state() {
    RunState s = new RunState();
    s.region = region;
    s.domain = domain;
    s.workflowId = workflowId;
    s.runId = newRunId();
    s.parentRunPk = parentRunPk;
    s.retentionDays = retentionDays;
    return s;
  }

  public void begin(RunTx tx) {
    Attributes a =
        Attributes.of()
            .put("input", input)
            .put("executionStartToCloseTimeout", executionStartToCloseTimeout)
            .put("taskStartToCloseTimeout", taskStartToCloseTimeout)
            .put("childPolicy", childPolicy)
            .named("taskList", taskList)
            .put("taskPriority", taskPriority)
            .type("workflowType", typeName, typeVersion)
            .put("tagList", tagList == null || tagList.isEmpty() ? null : new ArrayList<>(tagList))
            .put("continuedExecutionRunId", continuedExecutionRunId);
    if (parentWorkflowId != null)
      a.execution("parentWorkflowExecution", parentWorkflowId, parentRunId);
    a.put("parentInitiatedEventId", parentInitiatedEventId).put("lambdaRole", lambdaRole);
    tx.append(EventType.WorkflowExecutionStarted, a);
    tx.armTimer(TimerKeys.WORKFLOW_TIMEOUT, executionStartToCloseTimeout);
    tx.scheduleDecisionTask();
  }

  /** runIds look like SWF's: 44 characters of base64. */
  static String newRunId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
