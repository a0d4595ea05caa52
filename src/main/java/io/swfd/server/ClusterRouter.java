package io.swfd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.CallContext;
import io.swfd.api.Router;
import io.swfd.api.SwfApi;
import io.swfd.cluster.Forwarder;
import io.swfd.cluster.LeaseManager;
import io.swfd.store.ShardLeases;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a call that names a workflow execution by its workflowId to the node that owns the
 * execution's shard (hash of region, domain and workflowId): StartWorkflowExecution,
 * SignalWorkflowExecution, RequestCancelWorkflowExecution, TerminateWorkflowExecution,
 * DescribeWorkflowExecution and GetWorkflowExecutionHistory. Everything else, and everything whose
 * shard this node owns or nobody owns, is served here. While the shared-store mode serves every run
 * on every node, an owner that refuses the connection (nothing was sent) or answers 503 (it lost
 * the shard, nothing was done) costs nothing but time: the call is served here. An owner that took
 * the call and then failed to answer (it died, or did not answer in time) may have done it: the
 * client gets 503 ServiceUnavailable, as it would have from the owner, and decides whether to
 * repeat it (SignalWorkflowExecution, for one, records a signal each time).
 */
final class ClusterRouter implements Router {
  private static final Pattern TYPE =
      Pattern.compile("\"__type\"\\s*:\\s*\"(?:[^\"#]*#)?([^\"]*)\"");

  private final LeaseManager leases;
  private final Forwarder forwarder;

  ClusterRouter(LeaseManager leases, Forwarder forwarder) {
    this.leases = leases;
    this.forwarder = forwarder;
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
    String workflowId = workflowId(operation, input);
    JsonNode domain = input.get("domain");
    if (workflowId == null || domain == null || !domain.isTextual() || ctx.region() == null)
      return here.get();
    int shard = leases.shards().ofRun(ctx.region(), domain.asText(), workflowId);
    if (leases.owns(shard)) return here.get();
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
              return answer.status() == 503 ? null : response(answer);
            })
        .thenCompose(r -> r == null ? here.get() : CompletableFuture.completedFuture(r));
  }

  private static final SwfApi.Response UNANSWERED =
      SwfApi.error(
          io.swfd.api.SwfFault.serviceUnavailable(
              "The node that owns this execution did not answer; it may or may not have done the"
                  + " call"));

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
