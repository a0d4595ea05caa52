package io.swfd.store;

/** Workflow and activity types share one shape of storage and one set of rules. */
public enum TypeKind {
  WORKFLOW("WorkflowType"),
  ACTIVITY("ActivityType");

  private final String swfName;

  TypeKind(String swfName) {
    this.swfName = swfName;
  }

  /** "WorkflowType" / "ActivityType", as SWF spells it in fault messages. */
  public String swfName() {
    return swfName;
  }
}
