package io.swfd.store;

/**
 * The defaults registered with a type, exactly as given (null = not registered). Workflow types use
 * taskStartToCloseTimeout, executionStartToCloseTimeout, taskList, taskPriority, childPolicy and
 * lambdaRole; activity types use taskStartToCloseTimeout, heartbeatTimeout, scheduleToStartTimeout,
 * scheduleToCloseTimeout, taskList and taskPriority.
 */
public record TypeDefaults(
    String taskStartToCloseTimeout,
    String executionStartToCloseTimeout,
    String heartbeatTimeout,
    String scheduleToStartTimeout,
    String scheduleToCloseTimeout,
    String taskList,
    String taskPriority,
    String childPolicy,
    String lambdaRole) {}
