package io.swfd.matching;

/** Decision and activity task lists are separate namespaces within a domain of a region. */
public record TaskListKey(String region, String domain, Kind kind, String name) {
  public enum Kind {
    DECISION,
    ACTIVITY
  }
}
