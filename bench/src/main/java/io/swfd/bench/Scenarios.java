package io.swfd.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every scenario of {@code swfd bench}, in the order they run. A new scenario is a class
 * implementing {@link Scenario} and one line here (and its defaults in {@link Settings} if they
 * differ from the others').
 */
final class Scenarios {
  private static final Map<String, Supplier<Scenario>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("heartbeats", HeartbeatsScenario::new);
    ALL.put("fanout", FanoutScenario::new);
    ALL.put("children", ChildrenScenario::new);
    ALL.put("workflows", WorkflowsScenario::new);
    ALL.put("dispatch", DispatchScenario::new);
    ALL.put("timeouts", TimeoutsScenario::new);
    ALL.put("polls", PollsScenario::new);
  }

  /** The scenarios' names, in running order. */
  static final List<String> NAMES = List.copyOf(ALL.keySet());

  private Scenarios() {}

  static Scenario create(String name) {
    Supplier<Scenario> s = ALL.get(name);
    if (s == null) throw new IllegalArgumentException("unknown scenario " + name);
    return s.get();
  }

  /**
   * The scenarios a {@code --scenario} list names ("all" = every one), without repeats, in running
   * order.
   *
   * @throws IllegalArgumentException naming the first unknown one
   */
  static List<String> select(List<String> requested) {
    List<String> names = new ArrayList<>();
    for (String s : requested) {
      String n = s.trim().toLowerCase(Locale.ROOT);
      if (n.equals("all")) names.addAll(NAMES);
      else if (ALL.containsKey(n)) names.add(n);
      else
        throw new IllegalArgumentException(
            "unknown scenario '" + s + "' (expected one of " + String.join(", ", NAMES) + ", all)");
    }
    return names.stream().distinct().sorted(Comparator.comparingInt(NAMES::indexOf)).toList();
  }
}
