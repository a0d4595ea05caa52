package io.swfd.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one unit of work changes in one run, as every store writes it: the run's info (stored only
 * if the stored version is still {@code expectedVersion}), the pending items it opened or changed
 * ({@code upserts}: each item's row is written as the item is here) and those it closed ({@code
 * deletes}: their rows go), the events to append, and the deadlines to arm and disarm. {@code
 * closed}: the run closed in this unit of work, so its deadlines, activity tasks, timers and Lambda
 * tasks all go (its children and undelivered signals stay until settled). A new run gets its {@code
 * runPk} assigned by the store, and all its items are upserts.
 *
 * <p>The items are immutable, so a change holds them as they were when it was made, however the run
 * goes on; the info is read from {@code run} (its maps of items are not: only the upserts and
 * deletes are written).
 */
public record RunChange(
    RunState run,
    boolean isNew,
    long expectedVersion,
    List<HistoryEvent> events,
    Map<String, Instant> deadlinesArmed,
    Set<String> deadlinesDisarmed,
    boolean closed,
    Items upserts,
    Set<ItemRef> deletes) {

  /** Pending items to write, per kind. */
  public record Items(
      List<RunState.ActivityState> activities,
      List<RunState.TimerState> timers,
      List<RunState.ChildState> children,
      List<RunState.ExternalState> externals,
      List<RunState.LambdaState> lambdas) {
    public static final Items NONE =
        new Items(List.of(), List.of(), List.of(), List.of(), List.of());

    public boolean isEmpty() {
      return activities.isEmpty()
          && timers.isEmpty()
          && children.isEmpty()
          && externals.isEmpty()
          && lambdas.isEmpty();
    }

    /** Every item {@code s} has. */
    public static Items all(RunState s) {
      return new Items(
          List.copyOf(s.activities.values()),
          List.copyOf(s.timers.values()),
          List.copyOf(s.children.values()),
          List.copyOf(s.externals.values()),
          List.copyOf(s.lambdas.values()));
    }
  }

  /**
   * The change of a unit of work that opened, changed or closed the pending items {@code touched}
   * of {@code run}: each is an upsert of the item as {@code run} has it now, or a delete when
   * {@code run} no longer has it (a new run: every item of it is an upsert).
   */
  public static RunChange of(
      RunState run,
      boolean isNew,
      long expectedVersion,
      List<HistoryEvent> events,
      Map<String, Instant> deadlinesArmed,
      Set<String> deadlinesDisarmed,
      boolean closed,
      Collection<ItemRef> touched) {
    Items upserts = isNew ? Items.all(run) : Items.NONE;
    Set<ItemRef> deletes = Set.of();
    if (!isNew && !touched.isEmpty()) {
      List<RunState.ActivityState> activities = new ArrayList<>(0);
      List<RunState.TimerState> timers = new ArrayList<>(0);
      List<RunState.ChildState> children = new ArrayList<>(0);
      List<RunState.ExternalState> externals = new ArrayList<>(0);
      List<RunState.LambdaState> lambdas = new ArrayList<>(0);
      List<ItemRef> gone = new ArrayList<>(0);
      for (ItemRef r : touched) {
        switch (r.kind()) {
          case ACTIVITY -> add(activities, run.activities.get(r.eventId()), gone, r);
          case TIMER -> add(timers, run.timers.get(r.timerId()), gone, r);
          case CHILD -> add(children, run.children.get(r.eventId()), gone, r);
          case EXTERNAL -> add(externals, run.externals.get(r.eventId()), gone, r);
          case LAMBDA -> add(lambdas, run.lambdas.get(r.eventId()), gone, r);
        }
      }
      upserts = new Items(activities, timers, children, externals, lambdas);
      deletes = Set.copyOf(gone);
    }
    return new RunChange(
        run,
        isNew,
        expectedVersion,
        events,
        deadlinesArmed,
        deadlinesDisarmed,
        closed,
        upserts,
        deletes);
  }

  /** A change without pending items (opened, changed or closed). */
  public static RunChange of(
      RunState run,
      boolean isNew,
      long expectedVersion,
      List<HistoryEvent> events,
      Map<String, Instant> deadlinesArmed,
      Set<String> deadlinesDisarmed,
      boolean closed) {
    return of(
        run, isNew, expectedVersion, events, deadlinesArmed, deadlinesDisarmed, closed, Set.of());
  }

  private static <T> void add(List<T> upserts, T item, List<ItemRef> gone, ItemRef r) {
    if (item != null) upserts.add(item);
    else gone.add(r);
  }
}
