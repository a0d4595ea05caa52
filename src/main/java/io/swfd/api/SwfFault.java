package io.swfd.api;

/**
 * An error a client can observe: an HTTP status plus the AWS JSON 1.0 error body {@code {"__type":
 * "<namespace>#<name>", "message": "..."}}.
 *
 * <p>Modeled SWF faults use the {@code com.amazonaws.swf.base.model} namespace; front-end errors
 * (validation, serialization, routing, auth, throttling) use the Coral namespaces SDKs expect (SWF
 * API Reference, 'Common Errors'). The SDKs take the part after '#' as the error code.
 */
public class SwfFault extends RuntimeException {
  public static final String SWF = "com.amazonaws.swf.base.model";
  public static final String CORAL_VALIDATE = "com.amazon.coral.validate";
  public static final String CORAL_SERVICE = "com.amazon.coral.service";
  public static final String CORAL_AVAILABILITY = "com.amazon.coral.availability";

  private final int httpStatus;
  private final String namespace;
  private final String name;

  public SwfFault(int httpStatus, String namespace, String name, String message) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.namespace = namespace;
    this.name = name;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String name() {
    return name;
  }

  /** The value of {@code __type}. */
  public String type() {
    return namespace + "#" + name;
  }

  // --- modeled SWF faults (HTTP 400) ---
  public static SwfFault unknownResource(String message) {
    return swf("UnknownResourceFault", message);
  }

  public static SwfFault domainAlreadyExists(String message) {
    return swf("DomainAlreadyExistsFault", message);
  }

  public static SwfFault domainDeprecated(String message) {
    return swf("DomainDeprecatedFault", message);
  }

  public static SwfFault typeAlreadyExists(String message) {
    return swf("TypeAlreadyExistsFault", message);
  }

  public static SwfFault typeDeprecated(String message) {
    return swf("TypeDeprecatedFault", message);
  }

  public static SwfFault typeNotDeprecated(String message) {
    return swf("TypeNotDeprecatedFault", message);
  }

  public static SwfFault workflowExecutionAlreadyStarted(String message) {
    return swf("WorkflowExecutionAlreadyStartedFault", message);
  }

  public static SwfFault defaultUndefined(String message) {
    return swf("DefaultUndefinedFault", message);
  }

  public static SwfFault limitExceeded(String message) {
    return swf("LimitExceededFault", message);
  }

  public static SwfFault operationNotPermitted(String message) {
    return swf("OperationNotPermittedFault", message);
  }

  public static SwfFault tooManyTags(String message) {
    return swf("TooManyTagsFault", message);
  }

  // --- front-end errors ---
  public static SwfFault validation(String message) {
    return new SwfFault(400, CORAL_VALIDATE, "ValidationException", message);
  }

  public static SwfFault serialization(String message) {
    return new SwfFault(400, CORAL_SERVICE, "SerializationException", message);
  }

  public static SwfFault unknownOperation(String message) {
    return new SwfFault(400, CORAL_SERVICE, "UnknownOperationException", message);
  }

  public static SwfFault requestTooLarge(String message) {
    return new SwfFault(413, CORAL_SERVICE, "RequestEntityTooLargeException", message);
  }

  public static SwfFault throttling() {
    return new SwfFault(400, CORAL_AVAILABILITY, "ThrottlingException", "Rate exceeded");
  }

  /** HTTP 403: e.g. a call on the cluster's internal channel without the cluster's secret. */
  public static SwfFault accessDenied(String message) {
    return new SwfFault(403, CORAL_SERVICE, "AccessDeniedException", message);
  }

  public static SwfFault internal(String message) {
    return new SwfFault(500, CORAL_SERVICE, "InternalFailure", message);
  }

  /**
   * SWF's retryable "ServiceUnavailable" (HTTP 503: "The request has failed due to a temporary
   * failure of the server", SWF API Reference, Common Errors), which SDKs retry with back-off.
   */
  public static SwfFault serviceUnavailable(String message) {
    return new SwfFault(503, CORAL_AVAILABILITY, "ServiceUnavailableException", message);
  }

  /**
   * What a refusal from below the API edge (engine, matching) looks like to the client: its SWF
   * fault, or for a run that is not stored (any more) SWF's UnknownResourceFault; null for anything
   * else (an internal failure).
   */
  /**
   * The message of the 503 a cluster node answers when its commit was fenced (another node owns the
   * execution's shard now; nothing was written): a node that forwarded the call serves it itself
   * then.
   */
  public static final String NOT_OWNER =
      "This node no longer owns the execution's shard; nothing was done; try again";

  public static SwfFault of(Throwable t) {
    if (t instanceof SwfFault f) return f;
    if (t instanceof io.swfd.run.Fault f) {
      return f.kind() == io.swfd.run.Fault.Kind.VALIDATION
          ? validation(f.getMessage())
          : swf(f.kind().swfName(), f.getMessage());
    }
    if (t instanceof io.swfd.run.RunNotFoundException) return unknownResource("Unknown execution");
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      // the database is down or failing over: a temporary failure, retried by the client
      if (c instanceof io.swfd.store.StoreUnavailableException)
        return serviceUnavailable("The store is unavailable; retry the request");
    }
    if (t instanceof io.swfd.store.FencedException) return serviceUnavailable(NOT_OWNER);
    return null;
  }

  private static SwfFault swf(String name, String message) {
    return new SwfFault(400, SWF, name, message);
  }
}
