package io.swfd.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where a validated and admitted call is served (a cluster: by the node that owns its run): here
 * ({@code here.get()}), or by another node whose answer becomes the answer.
 */
public interface Router {
  CompletableFuture<SwfApi.Response> route(
      String operation,
      ObjectNode input,
      byte[] body,
      CallContext ctx,
      Supplier<CompletableFuture<SwfApi.Response>> here);
}
