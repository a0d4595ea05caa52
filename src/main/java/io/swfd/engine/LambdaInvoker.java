package io.swfd.engine;

import java.util.concurrent.CompletableFuture;

/** Runs a Lambda function for a ScheduleLambdaFunction decision. */
public interface LambdaInvoker {
  /** How an invocation ended. */
  record Outcome(Kind kind, String payload, String reason) {
    public enum Kind {
      /** The function returned a result. */
      COMPLETED,
      /** The function ran and raised an error (X-Amz-Function-Error). */
      FAILED,
      /** The function could not be started (refused, unreachable, unauthorized). */
      REFUSED
    }
  }

  CompletableFuture<Outcome> invoke(String functionName, String input);
}
