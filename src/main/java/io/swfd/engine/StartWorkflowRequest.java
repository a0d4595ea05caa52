package io.swfd.engine;

import java.util.List;

/** StartWorkflowExecution's members, as given (null = not given). */
public record StartWorkflowRequest(
    String region,
    String domain,
    String workflowId,
    String typeName,
    String typeVersion,
    String taskList,
    String taskPriority,
    String input,
    String executionStartToCloseTimeout,
    List<String> tagList,
    String taskStartToCloseTimeout,
    String childPolicy,
    String lambdaRole) {}
