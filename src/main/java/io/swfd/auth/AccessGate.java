package io.swfd.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.CallContext;
import io.swfd.api.Caller;
import io.swfd.api.Json;
import io.swfd.api.RequestGate;
import io.swfd.api.SwfFault;
import io.swfd.engine.Registry;
import io.swfd.engine.TaskOwners;
import io.swfd.engine.TaskTokens;
import io.swfd.store.RegisteredType;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttling and IAM-style authorization of each API call, after model validation and before the
 * handler (SWF Developer Guide, 'Amazon SWF quotas' and 'Identity and Access Management in Amazon
 * SWF'). The resource is the domain named in the request (for the token calls: the domain that owns
 * the task; for ListDomains: {@code .../domain/*}; for the tagging calls: the ARN given), the
 * action {@code swf:<Operation>}, the conditions the request's members of §g.3. A refused call is
 * OperationNotPermittedFault with IAM's message ({@code User: <arn> is not authorized to perform:
 * swf:<Action> on resource: <arn>}).
 */
public final class AccessGate implements RequestGate {
  private static final Logger log = LoggerFactory.getLogger(AccessGate.class);

  private final String account;
  private final Throttler throttler;
  private final TaskOwners owners;
  private final Registry registry;

  /**
   * @param account the server's account: domains' ARNs and the throttling bucket of unsigned calls
   * @param throttler null: no throttling
   * @param owners finds the domain of a task token
   * @param registry finds a workflow type's default task list (condition swf:taskList.name)
   */
  public AccessGate(String account, Throttler throttler, TaskOwners owners, Registry registry) {
    this.account = account;
    this.throttler = throttler;
    this.owners = owners;
    this.registry = registry;
  }

  @Override
  public void admit(String operation, ObjectNode input, CallContext ctx) {
    Caller caller = ctx.caller();
    if (caller != Caller.ANYONE) {
      Target target;
      try {
        target = target(operation, input, ctx.region());
      } catch (SwfFault | io.swfd.run.Fault | io.swfd.run.RunNotFoundException f) {
        throw f;
      } catch (RuntimeException e) {
        // never let a lookup problem turn into a 500 or an open door: refuse
        log.warn("could not determine the resource of {}", operation, e);
        throw denied(
            caller, operation, "arn:aws:swf:" + ctx.region() + ":" + account + ":/domain/*");
      }
      if (target != null) {
        if (!caller.allows("swf:" + operation, target.resource, target.conditions)) {
          throw denied(caller, operation, target.resource);
        }
        if (operation.equals("RegisterDomain")
            && input.path("tags").size() > 0
            && !caller.allows("swf:TagResource", target.resource, Map.of())) {
          throw denied(caller, "TagResource", target.resource);
        }
      }
    }
    if (throttler != null) {
      String acct = caller.account() != null ? caller.account() : account;
      if (!throttler.tryAcquire(acct, operation)) throw SwfFault.throttling();
    }
  }

  private static SwfFault denied(Caller caller, String action, String resource) {
    return SwfFault.operationNotPermitted(
        "User: "
            + caller.arn()
            + " is not authorized to perform: swf:"
            + action
            + " on resource: "
            + resource);
  }

  /**
   * What a call is checked against; null when there is nothing to check it against (an unknown task
   * token).
   */
  private record Target(String resource, Map<String, String> conditions) {}

  private Target target(String op, ObjectNode in, String region) {
    Map<String, String> c = new LinkedHashMap<>();
    switch (op) {
      case "RegisterDomain", "DescribeDomain", "DeprecateDomain", "UndeprecateDomain" -> {
        return new Target(arn(region, Json.str(in, "name")), c);
      }
      case "ListDomains" -> {
        return new Target(arn(region, "*"), c);
      }
      case "TagResource", "UntagResource", "ListTagsForResource" -> {
        return new Target(Json.str(in, "resourceArn"), c);
      }
      case "RespondDecisionTaskCompleted" -> {
        return owned(in, TaskTokens.Kind.DECISION, c);
      }
      case "RespondActivityTaskCompleted",
          "RespondActivityTaskFailed",
          "RespondActivityTaskCanceled",
          "RecordActivityTaskHeartbeat" -> {
        return owned(in, TaskTokens.Kind.ACTIVITY, c);
      }
      case "DescribeActivityType",
          "DeprecateActivityType",
          "UndeprecateActivityType",
          "DeleteActivityType" -> {
        put(c, "swf:activityType.name", Json.nested(in, "activityType", "name"));
        put(c, "swf:activityType.version", Json.nested(in, "activityType", "version"));
      }
      case "DescribeWorkflowType",
          "DeprecateWorkflowType",
          "UndeprecateWorkflowType",
          "DeleteWorkflowType" -> {
        put(c, "swf:workflowType.name", Json.nested(in, "workflowType", "name"));
        put(c, "swf:workflowType.version", Json.nested(in, "workflowType", "version"));
      }
      case "StartWorkflowExecution" -> {
        String name = Json.nested(in, "workflowType", "name");
        String version = Json.nested(in, "workflowType", "version");
        put(c, "swf:workflowType.name", name);
        put(c, "swf:workflowType.version", version);
        String list = Json.nested(in, "taskList", "name");
        if (list == null) list = defaultTaskList(region, Json.str(in, "domain"), name, version);
        put(c, "swf:taskList.name", list);
        JsonNode tags = in.get("tagList");
        if (tags != null && tags.isArray()) {
          for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).isTextual()) c.put("swf:tagList.member." + i, tags.get(i).asText());
          }
        }
      }
      case "PollForActivityTask",
          "PollForDecisionTask",
          "CountPendingActivityTasks",
          "CountPendingDecisionTasks" ->
          put(c, "swf:taskList.name", Json.nested(in, "taskList", "name"));
      case "RegisterActivityType", "RegisterWorkflowType" -> {
        put(c, "swf:name", Json.str(in, "name"));
        put(c, "swf:version", Json.str(in, "version"));
        put(c, "swf:defaultTaskList.name", Json.nested(in, "defaultTaskList", "name"));
      }
      case "ListOpenWorkflowExecutions",
          "ListClosedWorkflowExecutions",
          "CountOpenWorkflowExecutions",
          "CountClosedWorkflowExecutions" -> {
        put(c, "swf:tagFilter.tag", Json.nested(in, "tagFilter", "tag"));
        put(c, "swf:typeFilter.name", Json.nested(in, "typeFilter", "name"));
        put(c, "swf:typeFilter.version", Json.nested(in, "typeFilter", "version"));
      }
      default -> {
        // the domain alone: executions (describe, history, signal, cancel, terminate), List*Types
      }
    }
    return new Target(arn(region, Json.str(in, "domain")), c);
  }

  private Target owned(ObjectNode in, TaskTokens.Kind kind, Map<String, String> c) {
    Optional<TaskOwners.Owner> owner = owners.of(Json.str(in, "taskToken"), kind);
    // a forged or stale token names no domain: the handler answers it with UnknownResourceFault
    return owner.map(o -> new Target(arn(o.region(), o.domain()), c)).orElse(null);
  }

  private String defaultTaskList(String region, String domain, String name, String version) {
    if (domain == null || name == null || version == null) return null;
    Optional<RegisteredType> t =
        registry.findType(new TypeKey(TypeKind.WORKFLOW, region, domain, name, version));
    return t.map(rt -> rt.defaults() == null ? null : rt.defaults().taskList()).orElse(null);
  }

  private String arn(String region, String domain) {
    return "arn:aws:swf:" + region + ":" + account + ":/domain/" + domain;
  }

  private static void put(Map<String, String> c, String key, String value) {
    if (value != null) c.put(key, value);
  }
}
