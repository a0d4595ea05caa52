package io.swfd.run;

/**
 * A refusal a client can observe, raised below the API edge (engine, matching): which of SWF's
 * errors it is and the message. The API edge turns it into the error body of the AWS JSON protocol;
 * nothing below the edge knows about HTTP.
 */
public class Fault extends RuntimeException {
  /** SWF's modeled faults (the API reference's "Errors" of each action) and validation. */
  public enum Kind {
    UNKNOWN_RESOURCE("UnknownResourceFault"),
    DOMAIN_ALREADY_EXISTS("DomainAlreadyExistsFault"),
    DOMAIN_DEPRECATED("DomainDeprecatedFault"),
    TYPE_ALREADY_EXISTS("TypeAlreadyExistsFault"),
    TYPE_DEPRECATED("TypeDeprecatedFault"),
    TYPE_NOT_DEPRECATED("TypeNotDeprecatedFault"),
    WORKFLOW_EXECUTION_ALREADY_STARTED("WorkflowExecutionAlreadyStartedFault"),
    DEFAULT_UNDEFINED("DefaultUndefinedFault"),
    LIMIT_EXCEEDED("LimitExceededFault"),
    OPERATION_NOT_PERMITTED("OperationNotPermittedFault"),
    TOO_MANY_TAGS("TooManyTagsFault"),
    /** A value the model's constraints let through but SWF's rules refuse (ValidationException). */
    VALIDATION("ValidationException");

    private final String swfName;

    Kind(String swfName) {
      this.swfName = swfName;
    }

    /** The error code as SWF names it. */
    public String swfName() {
      return swfName;
    }
  }

  private final Kind kind;

  public Fault(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static Fault unknownResource(String message) {
    return new Fault(Kind.UNKNOWN_RESOURCE, message);
  }

  public static Fault domainAlreadyExists(String message) {
    return new Fault(Kind.DOMAIN_ALREADY_EXISTS, message);
  }

  public static Fault domainDeprecated(String message) {
    return new Fault(Kind.DOMAIN_DEPRECATED, message);
  }

  public static Fault typeAlreadyExists(String message) {
    return new Fault(Kind.TYPE_ALREADY_EXISTS, message);
  }

  public static Fault typeDeprecated(String message) {
    return new Fault(Kind.TYPE_DEPRECATED, message);
  }

  public static Fault typeNotDeprecated(String message) {
    return new Fault(Kind.TYPE_NOT_DEPRECATED, message);
  }

  public static Fault workflowExecutionAlreadyStarted(String message) {
    return new Fault(Kind.WORKFLOW_EXECUTION_ALREADY_STARTED, message);
  }

  public static Fault defaultUndefined(String message) {
    return new Fault(Kind.DEFAULT_UNDEFINED, message);
  }

  public static Fault limitExceeded(String message) {
    return new Fault(Kind.LIMIT_EXCEEDED, message);
  }

  public static Fault operationNotPermitted(String message) {
    return new Fault(Kind.OPERATION_NOT_PERMITTED, message);
  }

  public static Fault tooManyTags(String message) {
    return new Fault(Kind.TOO_MANY_TAGS, message);
  }

  public static Fault validation(String message) {
    return new Fault(Kind.VALIDATION, message);
  }
}
