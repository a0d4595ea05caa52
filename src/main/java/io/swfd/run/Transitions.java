package io.swfd.run;

import java.util.EnumMap;
import java.util.Map;

/**
 * A transition table: for a state and an action, the next state, or none (the action is illegal in
 * that state). One table per kind of pending item and one for the run ({@link Lifecycles}) are the
 * one place that says what may happen to each.
 *
 * @param <S> the states
 * @param <A> the actions
 */
public final class Transitions<S extends Enum<S>, A extends Enum<A>> {
  private final String what;
  private final Map<S, Map<A, S>> table;
  private final Class<A> actions;

  private Transitions(String what, Class<S> states, Class<A> actions) {
    this.what = what;
    this.table = new EnumMap<>(states);
    this.actions = actions;
  }

  public static <S extends Enum<S>, A extends Enum<A>> Transitions<S, A> of(
      String what, Class<S> states, Class<A> actions) {
    return new Transitions<>(what, states, actions);
  }

  /** Adds {@code from} × each of {@code on} → {@code to} (while the table is built). */
  @SafeVarargs
  final Transitions<S, A> add(S from, S to, A... on) {
    Map<A, S> row = table.computeIfAbsent(from, k -> new EnumMap<>(actions));
    for (A a : on) {
      if (row.put(a, to) != null)
        throw new IllegalArgumentException(what + ": " + from + " × " + a + " given twice");
    }
    return this;
  }

  /** Whether {@code action} may happen in state {@code from}. */
  public boolean allows(S from, A action) {
    Map<A, S> row = table.get(from);
    return row != null && row.containsKey(action);
  }

  /**
   * The state after {@code action} in state {@code from}.
   *
   * @throws IllegalTransitionException when the table has no such transition
   */
  public S next(S from, A action) {
    Map<A, S> row = table.get(from);
    S to = row == null ? null : row.get(action);
    if (to == null) throw new IllegalTransitionException(what, from, action);
    return to;
  }

  /** An action its table does not allow in the item's (or run's) current state. */
  public static final class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(String what, Enum<?> from, Enum<?> action) {
      super(what + ": " + action + " is not allowed in state " + from);
    }
  }
}
