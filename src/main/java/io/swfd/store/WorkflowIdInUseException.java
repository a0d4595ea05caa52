package io.swfd.store;

public class WorkflowIdInUseException extends StoreException {
  public WorkflowIdInUseException(String workflowId) {
    super("workflowId already open: " + workflowId);
  }
}
