package io.swfd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.CallContext;
import io.swfd.api.Router;
import io.swfd.api.SwfApi;
import io.swfd.cluster.Forwarder;
import io.swfd.cluster.LeaseManager;
import io.swfd.engine.TaskTokens;
import io.swfd.store.RunStore;
import io.swfd.store.ShardLeases;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a call about one workflow execution to the node that owns the execution's shard (hash of
 * region, domain and workflowId), which serves the execution from memory: the calls that name it by
 * its workflowId (StartWorkflowExecution, SignalWorkflowExecution, RequestCancelWorkflowExecution,
 * TerminateWorkflowExecution, DescribeWorkflowExecution, GetWorkflowExecutionHistory) and the calls
 * that carry an activity task's token (RecordActivityTaskHeartbeat, RespondActivityTaskCompleted,
 * RespondActivityTaskFailed, RespondActivityTaskCanceled; the token names the run, whose name is
 * read once from the store and kept). RespondDecisionTaskCompleted goes too when the server checks
 * no access policies: its decisions' own access checks need the caller, whom the internal channel
 * does not carry. Everything else, and everything whose shard this node owns or nobody owns, is
 * served here. Every node can serve every run (reading it from the store), so an owner that refuses
 * the connection (nothing was sent) or answers that it no longer owns the shard (its commit was
 * fenced: nothing was done) costs nothing but time: the call is served here. An owner that took the
 * call and then failed to answer (it died, or did not answer in time) may have done it: the client
 * gets 503 ServiceUnavailable, as it would have from the owner, and decides whether to repeat it
 * (SignalWorkflowExecution, for one, records a signal each time).
 */
final class ClusterRouter implements Router {
  private static final Pattern TYPE =
      Pattern.compile("\"__type\"\\s*:\\s*\"(?:[^\"#]*#)?([^\"]*)\"");

  private final LeaseManager leases;
  private final Forwarder forwarder;
  private final RunStore store;
  private final boolean decisions;

  /** runPk -> its shard (a run's name never changes), for the calls that carry a task token. */
  private final Map<Long, Integer> shards = new ConcurrentHashMap<>();

  private static final int KEPT_SHARDS = 200_000;

  /**
   * @param store where the name of a task token's run is read
   * @param decisions whether RespondDecisionTaskCompleted goes to the owner too (no access checks)
   */
  ClusterRouter(LeaseManager leases, Forwarder forwarder, RunStore store, boolean decisions) {
    this.leases = leases;
    this.forwarder = forwarder;
    this.store = store;
    this.decisions = decisions;
  }

  /** The shard of the run a task token names, or -1 (no such run, or not a token). */
  private int shardOfToken(ObjectNode input) {
    JsonNode token = input.get("taskToken");
    long runPk = token == null || !token.isTextual() ? -1 : TaskTokens.runPkOf(token.asText());
    if (runPk < 0) return -1;
    Integer known = shards.get(runPk);
    if (known != null) return known;
    var name = store.name(runPk);
    if (name.isEmpty()) return -1;
    int shard =
        leases.shards().ofRun(name.get().region(), name.get().domain(), name.get().workflowId());
    if (shards.size() >= KEPT_SHARDS) shards.clear();
    shards.put(runPk, shard);
    return shard;
  }

  /** The shard of the execution a call is about, or -1 when it names none this router routes. */
  private int shardOf(String operation, ObjectNode input, CallContext ctx) {
    switch (operation) {
      case "RecordActivityTaskHeartbeat",
          "RespondActivityTaskCompleted",
          "RespondActivityTaskFailed",
          "RespondActivityTaskCanceled" -> {
        return shardOfToken(input);
      }
      case "RespondDecisionTaskCompleted" -> {
        return decisions ? shardOfToken(input) : -1;
      }
      default -> {
        String workflowId = workflowId(operation, input);
        JsonNode domain = input.get("domain");
        if (workflowId == null || domain == null || !domain.isTextual() || ctx.region() == null)
          return -1;
        return leases.shards().ofRun(ctx.region(), domain.asText(), workflowId);
      }
    }
  }

  /** The workflowId a call names, or null when it names none this router routes by. */
  static String workflowId(String operation, ObjectNode input) {
    JsonNode id =
        switch (operation) {
          case "StartWorkflowExecution",
              "SignalWorkflowExecution",
              "RequestCancelWorkflowExecution",
              "TerminateWorkflowExecution" ->
              input.get("workflowId");
          case "DescribeWorkflowExecution", "GetWorkflowExecutionHistory" ->
              input.path("execution").get("workflowId");
          default -> null;
        };
    return id == null || !id.isTextual() ? null : id.asText();
  }

  @Override
  public CompletableFuture<SwfApi.Response> route(
      String operation,
      ObjectNode input,
      byte[] body,
      CallContext ctx,
      Supplier<CompletableFuture<SwfApi.Response>> here) {
    int shard;
    try {
      shard = shardOf(operation, input, ctx);
    } catch (RuntimeException e) {
      shard = -1; // the store could not say: served here, which reads the run from it anyway
    }
    if (shard < 0 || leases.owns(shard)) return here.get();
    ShardLeases.Lease owner = leases.lease(shard);
    if (owner == null
        || owner.owner() == null
        || owner.address() == null
        || owner.owner().equals(leases.node())) return here.get();
    return forwarder
        .forward(owner.address(), SwfApi.TARGET_PREFIX + operation, body, ctx.region())
        .handle(
            (answer, failure) -> {
              if (failure != null) return refused(failure) ? null : UNANSWERED;
              return fenced(answer) ? null : response(answer);
            })
        .thenCompose(r -> r == null ? here.get() : CompletableFuture.completedFuture(r));
  }

  private static final SwfApi.Response UNANSWERED =
      SwfApi.error(
          io.swfd.api.SwfFault.serviceUnavailable(
              "The node that owns this execution did not answer; it may or may not have done the"
                  + " call"));

  /**
   * Whether the owner refused the call because it no longer owns the shard (its commit was fenced,
   * so nothing was written): then it is served here. Any other 503 (the owner's database went away
   * mid-commit) may have been done, and is passed on.
   */
  private static boolean fenced(Forwarder.Answer a) {
    return a.status() == 503
        && a.body() != null
        && new String(a.body(), java.nio.charset.StandardCharsets.UTF_8)
            .contains(io.swfd.api.SwfFault.NOT_OWNER);
  }

  /** Whether the owner refused the connection, i.e. never got the call. */
  private static boolean refused(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause())
      if (c instanceof java.net.ConnectException) return true;
    return false;
  }

  private static SwfApi.Response response(Forwarder.Answer a) {
    String error = null;
    if (a.status() != 200 && a.body() != null) {
      Matcher m = TYPE.matcher(new String(a.body(), java.nio.charset.StandardCharsets.UTF_8));
      if (m.find()) error = m.group(1);
    }
    return new SwfApi.Response(
        a.status(), a.body() == null || a.body().length == 0 ? null : a.body(), error);
  }
}
