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
 * decision task.
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
