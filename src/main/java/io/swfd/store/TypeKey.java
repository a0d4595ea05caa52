package io.swfd.store;

public record TypeKey(TypeKind kind, String region, String domain, String name, String version) {
  /** SWF's way of naming a type in fault messages: {@code WorkflowType=[name=N, version=V]}. */
  public String describe() {
    return kind.swfName() + "=[name=" + name + ", version=" + version + "]";
  }
}
