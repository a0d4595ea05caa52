package io.swfd.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Asked before a handler runs, once the request has passed model validation: may this caller do
 * this now? Refuses by throwing a {@link SwfFault} (OperationNotPermittedFault,
 * ThrottlingException). Implemented in io.swfd.auth (policies, throttling).
 */
public interface RequestGate {
  RequestGate OPEN = (operation, input, ctx) -> {};

  void admit(String operation, ObjectNode input, CallContext ctx);
}
