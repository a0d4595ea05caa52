package io.swfd.server;

import static io.swfd.store.TypeKind.ACTIVITY;
import static io.swfd.store.TypeKind.WORKFLOW;

import io.swfd.api.PageTokens;
import io.swfd.api.SwfApi;
import io.swfd.api.handlers.CountExecutionsHandler;
import io.swfd.api.handlers.CountPendingTasksHandler;
import io.swfd.api.handlers.DeprecateDomainHandler;
import io.swfd.api.handlers.DescribeDomainHandler;
import io.swfd.api.handlers.DescribeTypeHandler;
import io.swfd.api.handlers.DescribeWorkflowExecutionHandler;
import io.swfd.api.handlers.GetWorkflowExecutionHistoryHandler;
import io.swfd.api.handlers.ListDomainsHandler;
import io.swfd.api.handlers.ListExecutionsHandler;
import io.swfd.api.handlers.ListTagsForResourceHandler;
import io.swfd.api.handlers.ListTypesHandler;
import io.swfd.api.handlers.PollForActivityTaskHandler;
import io.swfd.api.handlers.PollForDecisionTaskHandler;
import io.swfd.api.handlers.RecordActivityTaskHeartbeatHandler;
import io.swfd.api.handlers.RegisterDomainHandler;
import io.swfd.api.handlers.RegisterTypeHandler;
import io.swfd.api.handlers.RequestCancelWorkflowExecutionHandler;
import io.swfd.api.handlers.RespondActivityTaskHandler;
import io.swfd.api.handlers.RespondDecisionTaskCompletedHandler;
import io.swfd.api.handlers.SignalWorkflowExecutionHandler;
import io.swfd.api.handlers.StartWorkflowExecutionHandler;
import io.swfd.api.handlers.TagResourceHandler;
import io.swfd.api.handlers.TerminateWorkflowExecutionHandler;
import io.swfd.api.handlers.TypeLifecycleHandler;
import io.swfd.api.handlers.UndeprecateDomainHandler;
import io.swfd.api.handlers.UntagResourceHandler;
import io.swfd.engine.ActivityTasks;
import io.swfd.engine.DecisionTasks;
import io.swfd.engine.Registry;
import io.swfd.engine.WorkflowExecutions;
import io.swfd.matching.TaskListKey;
import io.swfd.matching.TaskQueues;
import io.swfd.store.RunStore;
import java.time.Duration;

/** Which handler serves which SWF action. */
final class Handlers {
  private Handlers() {}

  /** What the handlers are built from. */
  record Services(
      Registry registry,
      PageTokens pageTokens,
      WorkflowExecutions executions,
      DecisionTasks decisionTasks,
      ActivityTasks activityTasks,
      TaskQueues queues,
      RunStore runStore,
      Duration pollHold) {}

  static SwfApi register(SwfApi api, Services s) {
    Registry registry = s.registry();
    PageTokens tokens = s.pageTokens();
    return api.register("StartWorkflowExecution", new StartWorkflowExecutionHandler(s.executions()))
        .register(
            "ListOpenWorkflowExecutions",
            new ListExecutionsHandler(registry, s.runStore(), tokens, true))
        .register(
            "ListClosedWorkflowExecutions",
            new ListExecutionsHandler(registry, s.runStore(), tokens, false))
        .register(
            "CountOpenWorkflowExecutions", new CountExecutionsHandler(registry, s.runStore(), true))
        .register(
            "CountClosedWorkflowExecutions",
            new CountExecutionsHandler(registry, s.runStore(), false))
        .register("SignalWorkflowExecution", new SignalWorkflowExecutionHandler(s.executions()))
        .register(
            "RequestCancelWorkflowExecution",
            new RequestCancelWorkflowExecutionHandler(s.executions()))
        .register(
            "TerminateWorkflowExecution", new TerminateWorkflowExecutionHandler(s.executions()))
        .register("DescribeWorkflowExecution", new DescribeWorkflowExecutionHandler(s.executions()))
        .register(
            "GetWorkflowExecutionHistory",
            new GetWorkflowExecutionHistoryHandler(s.executions(), tokens))
        .register(
            "PollForDecisionTask",
            new PollForDecisionTaskHandler(
                registry, s.queues(), s.runStore(), tokens, s.pollHold()))
        .register(
            "RespondDecisionTaskCompleted",
            new RespondDecisionTaskCompletedHandler(
                s.decisionTasks(), io.swfd.auth.PolicyDecisionPermissions::of))
        .register(
            "PollForActivityTask",
            new PollForActivityTaskHandler(registry, s.queues(), s.pollHold()))
        .register(
            "RespondActivityTaskCompleted", RespondActivityTaskHandler.completed(s.activityTasks()))
        .register("RespondActivityTaskFailed", RespondActivityTaskHandler.failed(s.activityTasks()))
        .register(
            "RespondActivityTaskCanceled", RespondActivityTaskHandler.canceled(s.activityTasks()))
        .register(
            "RecordActivityTaskHeartbeat",
            new RecordActivityTaskHeartbeatHandler(s.activityTasks()))
        .register(
            "CountPendingDecisionTasks",
            new CountPendingTasksHandler(registry, s.queues(), TaskListKey.Kind.DECISION))
        .register(
            "CountPendingActivityTasks",
            new CountPendingTasksHandler(registry, s.queues(), TaskListKey.Kind.ACTIVITY))
        .register("RegisterDomain", new RegisterDomainHandler(registry))
        .register("DescribeDomain", new DescribeDomainHandler(registry))
        .register("ListDomains", new ListDomainsHandler(registry, tokens))
        .register("DeprecateDomain", new DeprecateDomainHandler(registry))
        .register("UndeprecateDomain", new UndeprecateDomainHandler(registry))
        .register("TagResource", new TagResourceHandler(registry))
        .register("UntagResource", new UntagResourceHandler(registry))
        .register("ListTagsForResource", new ListTagsForResourceHandler(registry))
        .register("RegisterWorkflowType", new RegisterTypeHandler(registry, WORKFLOW))
        .register("RegisterActivityType", new RegisterTypeHandler(registry, ACTIVITY))
        .register("DescribeWorkflowType", new DescribeTypeHandler(registry, WORKFLOW))
        .register("DescribeActivityType", new DescribeTypeHandler(registry, ACTIVITY))
        .register("ListWorkflowTypes", new ListTypesHandler(registry, tokens, WORKFLOW))
        .register("ListActivityTypes", new ListTypesHandler(registry, tokens, ACTIVITY))
        .register("DeprecateWorkflowType", TypeLifecycleHandler.deprecate(registry, WORKFLOW))
        .register("DeprecateActivityType", TypeLifecycleHandler.deprecate(registry, ACTIVITY))
        .register("UndeprecateWorkflowType", TypeLifecycleHandler.undeprecate(registry, WORKFLOW))
        .register("UndeprecateActivityType", TypeLifecycleHandler.undeprecate(registry, ACTIVITY))
        .register("DeleteWorkflowType", TypeLifecycleHandler.delete(registry, WORKFLOW))
        .register("DeleteActivityType", TypeLifecycleHandler.delete(registry, ACTIVITY));
  }
}
