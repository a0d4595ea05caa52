package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.run.EventType;
import io.swfd.run.HistoryEvent;
import io.swfd.run.ItemKind;
import io.swfd.run.ItemRef;
import io.swfd.run.Lifecycles;
import io.swfd.run.RunChange;
import io.swfd.run.RunState;
import io.swfd.run.StaleRunException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of the persistence SPI (RunStore, RegistryStore, MetaStore), run against every store
 * by a subclass per store. Each test works in a domain of its own, so the tests share one store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
  /** The three stores of one database, and how to close it. */
  protected record Opened(
      RunStore runs, RegistryStore registry, MetaStore meta, AutoCloseable closer) {}

  protected abstract Opened open() throws Exception;

  /** A new, empty database of the store's dialect, to build by hand and then open as a store. */
  protected interface Fresh {
    String dialect();

    java.sql.Connection connect() throws java.sql.SQLException;

    Opened open() throws Exception;
  }

  protected abstract Fresh fresh() throws Exception;

  static final String REGION = "us-east-1";
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  Opened stores;
  RunStore runs;
  RegistryStore registry;

  @BeforeAll
  void openStores() throws Exception {
    stores = open();
    runs = stores.runs();
    registry = stores.registry();
  }

  @AfterAll
  void closeStores() throws Exception {
    stores.closer().close();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static RunState run(String domain, String workflowId, long startedAt, String... tags) {
    RunState s = new RunState();
    s.region = REGION;
    s.domain = domain;
    s.workflowId = workflowId;
    s.runId = UUID.randomUUID().toString();
    s.typeName = "wf";
    s.typeVersion = "1";
    s.taskList = "list";
    s.startedAt = startedAt;
    s.tagList = new ArrayList<>(List.of(tags));
    return s;
  }

  static HistoryEvent event(long id, EventType type, Map<String, Object> attributes) {
    return new HistoryEvent(id, T0.plusSeconds(id), type, attributes);
  }

  /** Inserts a new run with its first event (and returns it with its key and version 1). */
  RunState create(RunState s, Map<String, Instant> timers) {
    s.nextEventId = 2;
    runs.commit(
        List.of(
            RunChange.of(
                s,
                true,
                0,
                List.of(
                    event(
                        1,
                        EventType.WorkflowExecutionStarted,
                        Map.of("input", "in-" + s.workflowId))),
                timers,
                Set.of(),
                false)));
    return s;
  }

  void update(
      RunState s,
      long expectedVersion,
      List<HistoryEvent> events,
      Map<String, Instant> put,
      Set<String> delete,
      boolean deleteAll) {
    runs.commit(List.of(RunChange.of(s, false, expectedVersion, events, put, delete, deleteAll)));
  }

  static void close(RunState s, String closeStatus, long closedAt) {
    s.status = Lifecycles.RunStatus.CLOSED;
    s.closeStatus = RunState.CloseStatus.valueOf(closeStatus);
    s.closedAt = closedAt;
  }

  // ------------------------------------------------------------------ runs

  @Test
  void aNewRunGetsAKeyAndVersionOneAndReadsBackAsWritten() {
    String domain = unique("d");
    RunState s = run(domain, "w1", T0.toEpochMilli(), "red", "blue");
    s.taskPriority = "7";
    s.decision = s.decision.schedule(2, T0.toEpochMilli(), "list");
    create(s, Map.of());
    assertThat(s.runPk).isPositive();
    assertThat(s.version).isEqualTo(1);

    RunState back = runs.load(s.runPk).orElseThrow();
    assertThat(back.runPk).isEqualTo(s.runPk);
    assertThat(back.version).isEqualTo(1);
    assertThat(back.runId).isEqualTo(s.runId);
    assertThat(back.tagList).containsExactly("red", "blue");
    assertThat(back.taskPriority).isEqualTo("7");
    assertThat(back.decision.isScheduled()).isTrue();
    assertThat(back.decision.scheduledEventId).isEqualTo(2);
    assertThat(runs.findRun(REGION, domain, "w1", s.runId)).hasValue(s.runPk);
    assertThat(runs.findOpenRun(REGION, domain, "w1")).hasValue(s.runPk);
    assertThat(runs.findRun(REGION, domain, "w1", "no-such-run")).isEmpty();
    assertThat(runs.load(Long.MAX_VALUE - 1)).isEmpty();

    List<HistoryEvent> events = runs.events(s.runPk, 0, Long.MAX_VALUE, false, 100);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo(EventType.WorkflowExecutionStarted);
    assertThat(events.get(0).timestamp()).isEqualTo(T0.plusSeconds(1));
    assertThat(events.get(0).string("input")).isEqualTo("in-w1");
  }

  @Test
  void anUpdateFromAStaleVersionIsRefusedAndWritesNothing() {
    String domain = unique("d");
    RunState s = create(run(domain, "w", T0.toEpochMilli()), Map.of());
    RunState copyA = runs.load(s.runPk).orElseThrow();
    RunState copyB = runs.load(s.runPk).orElseThrow();

    copyA.nextEventId = 3;
    update(
        copyA,
        1,
        List.of(event(2, EventType.WorkflowExecutionSignaled, Map.of("signalName", "a"))),
        Map.of("T2", T0.plusSeconds(60)),
        Set.of(),
        false);
    assertThat(copyA.version).isEqualTo(2);

    copyB.nextEventId = 3;
    assertThatThrownBy(
            () ->
                update(
                    copyB,
                    1,
                    List.of(
                        event(2, EventType.WorkflowExecutionSignaled, Map.of("signalName", "b"))),
                    Map.of("T9", T0),
                    Set.of("T2"),
                    false))
        .isInstanceOf(StaleRunException.class);

    RunState now = runs.load(s.runPk).orElseThrow();
    assertThat(now.version).isEqualTo(2);
    assertThat(runs.events(s.runPk, 0, Long.MAX_VALUE, false, 10))
        .extracting(e -> e.attributes().get("signalName"))
        .containsExactly(null, "a");
    assertThat(runs.timers(s.runPk)).extracting(TimerRow::key).containsExactly("T2");
  }

  @Test
  void aCommitIsAllOrNothingAcrossRuns() {
    String domain = unique("d");
    RunState a = create(run(domain, "a", T0.toEpochMilli()), Map.of());
    RunState b = create(run(domain, "b", T0.toEpochMilli()), Map.of());
    RunState staleB = runs.load(b.runPk).orElseThrow();
    update(b, 1, List.of(), Map.of(), Set.of(), false);

    RunState freshA = runs.load(a.runPk).orElseThrow();
    freshA.nextEventId = 3;
    assertThatThrownBy(
            () ->
                runs.commit(
                    List.of(
                        RunChange.of(
                            freshA,
                            false,
                            1,
                            List.of(event(2, EventType.MarkerRecorded, Map.of("markerName", "m"))),
                            Map.of("T2", T0),
                            Set.of(),
                            false),
                        RunChange.of(staleB, false, 1, List.of(), Map.of(), Set.of(), false))))
        .isInstanceOf(StaleRunException.class);
    assertThat(runs.load(a.runPk).orElseThrow().version).isEqualTo(1);
    assertThat(runs.events(a.runPk, 0, Long.MAX_VALUE, false, 10)).hasSize(1);
    assertThat(runs.timers(a.runPk)).isEmpty();

    // a successor that cannot open (its workflowId is taken) takes the closing of its predecessor
    // with it
    RunState other = create(run(domain, "taken", T0.toEpochMilli()), Map.of());
    RunState closing = runs.load(a.runPk).orElseThrow();
    close(closing, "CONTINUED_AS_NEW", T0.plusSeconds(5).toEpochMilli());
    RunState successor = run(domain, "taken", T0.plusSeconds(5).toEpochMilli());
    assertThatThrownBy(
            () ->
                runs.commit(
                    List.of(
                        RunChange.of(closing, false, 1, List.of(), Map.of(), Set.of(), true),
                        RunChange.of(successor, true, 0, List.of(), Map.of(), Set.of(), false))))
        .isInstanceOf(WorkflowIdInUseException.class);
    assertThat(runs.load(a.runPk).orElseThrow().status).isEqualTo(Lifecycles.RunStatus.OPEN);
    assertThat(runs.findOpenRun(REGION, domain, "taken")).hasValue(other.runPk);
  }

  @Test
  void oneOpenRunPerWorkflowIdPerDomain() {
    String domain = unique("d");
    RunState first = create(run(domain, "same", T0.toEpochMilli()), Map.of());
    assertThatThrownBy(() -> create(run(domain, "same", T0.toEpochMilli()), Map.of()))
        .isInstanceOf(WorkflowIdInUseException.class);
    // another domain is another namespace
    create(run(unique("d"), "same", T0.toEpochMilli()), Map.of());

    close(first, "COMPLETED", T0.plusSeconds(10).toEpochMilli());
    update(first, 1, List.of(), Map.of(), Set.of(), false);
    RunState second = create(run(domain, "same", T0.plusSeconds(20).toEpochMilli()), Map.of());
    assertThat(runs.findOpenRun(REGION, domain, "same")).hasValue(second.runPk);
    assertThat(runs.findRun(REGION, domain, "same", first.runId)).hasValue(first.runPk);
  }

  @Test
  void historyPagesForwardAndBackward() {
    RunState s = create(run(unique("d"), "w", T0.toEpochMilli()), Map.of());
    List<HistoryEvent> more = new ArrayList<>();
    for (long id = 2; id <= 10; id++)
      more.add(event(id, EventType.MarkerRecorded, Map.of("markerName", "m" + id)));
    s.nextEventId = 11;
    update(s, 1, more, Map.of(), Set.of(), false);

    assertThat(runs.events(s.runPk, 0, Long.MAX_VALUE, false, 4))
        .extracting(HistoryEvent::eventId)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(runs.events(s.runPk, 4, Long.MAX_VALUE, false, 4))
        .extracting(HistoryEvent::eventId)
        .containsExactly(5L, 6L, 7L, 8L);
    assertThat(runs.events(s.runPk, 4, 6, false, 100))
        .extracting(HistoryEvent::eventId)
        .containsExactly(5L, 6L);
    assertThat(runs.events(s.runPk, Long.MAX_VALUE, Long.MAX_VALUE, true, 3))
        .extracting(HistoryEvent::eventId)
        .containsExactly(10L, 9L, 8L);
    assertThat(runs.events(s.runPk, 8, Long.MAX_VALUE, true, 3))
        .extracting(HistoryEvent::eventId)
        .containsExactly(7L, 6L, 5L);
    assertThat(runs.events(s.runPk, 10, Long.MAX_VALUE, false, 3)).isEmpty();
    assertThat(runs.events(s.runPk, 4, Long.MAX_VALUE, false, 1).get(0).string("markerName"))
        .isEqualTo("m5");
  }

  /**
   * Reads that end at a given event (a decision task's history up to its Started event) answer the
   * same as the stored rows, whether the store answers them from what it kept of the run's commits
   * (SQLite) or from its rows; and once the run closed, and after a write that did not take, too.
   */
  @Test
  void historyReadsUpToAnEventMatchTheStoredRowsThroughQueuedCommits() throws Exception {
    RunState s = run(unique("d"), "w", T0.toEpochMilli());
    s.nextEventId = 2;
    runs.commitQueued(
            List.of(
                RunChange.of(
                    s,
                    true,
                    0,
                    List.of(event(1, EventType.WorkflowExecutionStarted, Map.of("input", "x"))),
                    Map.of(),
                    Set.of(),
                    false)))
        .get(10, TimeUnit.SECONDS);
    for (long id = 2; id <= 10; id++) {
      s.nextEventId = id + 1;
      runs.commitQueued(
              List.of(
                  RunChange.of(
                      s,
                      false,
                      s.version,
                      List.of(event(id, EventType.MarkerRecorded, Map.of("markerName", "m" + id))),
                      Map.of(),
                      Set.of(),
                      false)))
          .get(10, TimeUnit.SECONDS);
      assertBoundedReadsMatchRows(s.runPk, id);
    }
    // a write from a stale copy fails: nothing of it is shown
    long stale = s.version - 1;
    assertThatThrownBy(
            () ->
                runs.commitQueued(
                        List.of(
                            RunChange.of(
                                s,
                                false,
                                stale,
                                List.of(event(11, EventType.MarkerRecorded, Map.of())),
                                Map.of(),
                                Set.of(),
                                false)))
                    .get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StaleRunException.class);
    s.version = stale + 1;
    assertThat(runs.events(s.runPk, 0, 11, false, 100)).hasSize(10);
    assertBoundedReadsMatchRows(s.runPk, 10);
  }

  private void assertBoundedReadsMatchRows(long runPk, long last) {
    List<HistoryEvent> rows = runs.events(runPk, 0, Long.MAX_VALUE, false, 1000);
    assertThat(rows).hasSize((int) last);
    for (long upTo = 1; upTo <= last; upTo++) {
      for (long after = 0; after <= upTo; after++) {
        long a = after, u = upTo;
        assertThat(runs.events(runPk, after, upTo, false, 3))
            .map(e -> e.eventId() + e.type().name() + e.attributes())
            .containsExactlyElementsOf(
                rows.stream()
                    .filter(e -> e.eventId() > a && e.eventId() <= u)
                    .limit(3)
                    .map(e -> e.eventId() + e.type().name() + e.attributes())
                    .toList());
      }
      long u = upTo;
      assertThat(runs.events(runPk, Long.MAX_VALUE, upTo, true, 4))
          .extracting(HistoryEvent::eventId)
          .containsExactlyElementsOf(
              rows.stream()
                  .map(HistoryEvent::eventId)
                  .filter(id -> id <= u)
                  .sorted(java.util.Comparator.reverseOrder())
                  .limit(4)
                  .toList());
    }
  }

  @Test
  void deadlinesAreArmedReplacedAndDisarmedWithTheirRun() {
    RunState s =
        create(
            run(unique("d"), "w", T0.toEpochMilli()),
            Map.of("W", T0.plusSeconds(3600), "D2.STC", T0.plusSeconds(30)));
    assertThat(runs.timers(s.runPk))
        .extracting(TimerRow::key)
        .containsExactlyInAnyOrder("W", "D2.STC");

    update(
        s,
        1,
        List.of(),
        Map.of("D2.STC", T0.plusSeconds(45), "A5.HB", T0.plusSeconds(10)),
        Set.of(),
        false);
    assertThat(runs.timers(s.runPk))
        .extracting(TimerRow::key, TimerRow::dueAt)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("W", T0.plusSeconds(3600)),
            org.assertj.core.groups.Tuple.tuple("D2.STC", T0.plusSeconds(45)),
            org.assertj.core.groups.Tuple.tuple("A5.HB", T0.plusSeconds(10)));
    assertThat(allTimers(runs))
        .extracting(TimerRow::runPk, TimerRow::key)
        .contains(org.assertj.core.groups.Tuple.tuple(s.runPk, "A5.HB"));

    update(s, 2, List.of(), Map.of(), Set.of("A5.HB", "no-such-key"), false);
    assertThat(runs.timers(s.runPk))
        .extracting(TimerRow::key)
        .containsExactlyInAnyOrder("W", "D2.STC");

    // disarming all comes before arming: a closing run keeps what it arms in the same commit
    close(s, "COMPLETED", T0.plusSeconds(50).toEpochMilli());
    update(s, 3, List.of(), Map.of("R", T0.plusSeconds(86_400)), Set.of(), true);
    assertThat(runs.timers(s.runPk)).extracting(TimerRow::key).containsExactly("R");
  }

  @Test
  void deadlinesDueByAGivenTimeComeEarliestFirst() {
    RunState a =
        create(
            run(unique("d"), "a", T0.toEpochMilli()),
            Map.of("late", T0.plusSeconds(300), "early", T0.minusSeconds(5)));
    RunState b =
        create(run(unique("d"), "b", T0.toEpochMilli()), Map.of("middle", T0.plusSeconds(20)));
    List<TimerRow> due =
        runs.timersDueBy(T0.plusSeconds(60)).stream()
            .filter(t -> t.runPk() == a.runPk || t.runPk() == b.runPk)
            .toList();
    assertThat(due).extracting(TimerRow::key).containsExactly("early", "middle");
    List<TimerRow> all = runs.timersDueBy(T0.plusSeconds(600));
    for (int i = 1; i < all.size(); i++)
      assertThat(all.get(i).dueAt()).isAfterOrEqualTo(all.get(i - 1).dueAt());
  }

  @Test
  void openRunsAndTheirVersions() {
    RunState open = create(run(unique("d"), "o", T0.toEpochMilli()), Map.of());
    update(open, 1, List.of(), Map.of(), Set.of(), false);
    RunState closed = create(run(unique("d"), "c", T0.toEpochMilli()), Map.of());
    close(closed, "FAILED", T0.plusSeconds(1).toEpochMilli());
    update(closed, 1, List.of(), Map.of(), Set.of(), false);

    Map<Long, Long> versions = runs.openRunVersions();
    assertThat(versions).containsEntry(open.runPk, 2L).doesNotContainKey(closed.runPk);
    assertThat(runs.openRuns())
        .extracting(r -> r.runPk)
        .contains(open.runPk)
        .doesNotContain(closed.runPk);
  }

  @Test
  void deletingARunRemovesItsHistoryDeadlinesAndVisibility() {
    String domain = unique("d");
    RunState s =
        create(run(domain, "gone", T0.toEpochMilli(), "t"), Map.of("W", T0.plusSeconds(10)));
    close(s, "TERMINATED", T0.plusSeconds(1).toEpochMilli());
    update(s, 1, List.of(), Map.of("R", T0), Set.of(), true);
    runs.deleteRun(s.runPk);
    assertThat(runs.load(s.runPk)).isEmpty();
    assertThat(runs.events(s.runPk, 0, Long.MAX_VALUE, false, 10)).isEmpty();
    assertThat(runs.timers(s.runPk)).isEmpty();
    assertThat(runs.findRun(REGION, domain, "gone", s.runId)).isEmpty();
    assertThat(runs.countRuns(query(domain, false, false).tag("t").build())).isZero();
  }

  static RunState.ActivityState startedActivity(long scheduledEventId, long startedAt) {
    return new RunState.ActivityState(
            scheduledEventId,
            "a" + scheduledEventId,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            null,
            0)
        .start(scheduledEventId + 1, startedAt);
  }

  @Test
  void aHeartbeatIsStoredOnItsTasksOwnRowAndComesBackWithTheRun() {
    String domain = unique("d");
    RunState s = run(domain, "beating", T0.toEpochMilli());
    s.activities.put(5L, startedActivity(5, T0.toEpochMilli()));
    s.activities.put(7L, startedActivity(7, T0.toEpochMilli()));
    s.activities.put(9L, startedActivity(9, T0.toEpochMilli()));
    create(s, Map.of());
    RunState other = run(domain, "other", T0.toEpochMilli());
    other.activities.put(5L, startedActivity(5, T0.toEpochMilli()));
    create(other, Map.of());

    runs.recordHeartbeat(s.runPk, 5, T0.plusSeconds(3), "first");
    runs.recordHeartbeat(s.runPk, 5, T0.plusSeconds(4), "second");
    runs.recordHeartbeat(other.runPk, 5, T0.plusSeconds(9), null);
    String anything = "NUL \u0000, controls \u001f, emoji \ud83d\ude00, quotes \" and \\";
    runs.recordHeartbeat(s.runPk, 9, T0.plusSeconds(2), anything);

    RunState back = runs.load(s.runPk).orElseThrow();
    assertThat(back.version).as("a heartbeat is not a new version of the run").isEqualTo(1);
    assertThat(back.activities.get(5L).lastHeartbeatAt).isEqualTo(T0.plusSeconds(4).toEpochMilli());
    assertThat(back.activities.get(5L).heartbeatDetails).isEqualTo("second");
    assertThat(back.activities.get(7L).lastHeartbeatAt).isEqualTo(T0.toEpochMilli());
    assertThat(back.activities.get(9L).heartbeatDetails)
        .as("any character survives")
        .isEqualTo(anything);
    assertThat(runs.events(s.runPk, 0, Long.MAX_VALUE, false, 10)).hasSize(1);
    RunState otherBack =
        runs.openRuns().stream().filter(r -> r.runPk == other.runPk).findFirst().orElseThrow();
    assertThat(otherBack.activities.get(5L).lastHeartbeatAt)
        .isEqualTo(T0.plusSeconds(9).toEpochMilli());
    assertThat(otherBack.activities.get(5L).heartbeatDetails).isNull();
    assertThat(
            runs.openRuns().stream()
                .filter(r -> r.runPk == s.runPk)
                .findFirst()
                .orElseThrow()
                .activities
                .get(5L)
                .heartbeatDetails)
        .isEqualTo("second");

    // the task closes and its row goes with it: a task of the same id later (only a test can make
    // one) starts clean
    back.activities.remove(5L);
    ItemRef task5 = ItemRef.of(ItemKind.ACTIVITY, 5);
    runs.commit(
        List.of(RunChange.of(back, false, 1, List.of(), Map.of(), Set.of(), false, Set.of(task5))));
    back.activities.put(5L, startedActivity(5, T0.plusSeconds(1).toEpochMilli()));
    runs.commit(
        List.of(RunChange.of(back, false, 2, List.of(), Map.of(), Set.of(), false, Set.of(task5))));
    RunState after = runs.load(s.runPk).orElseThrow();
    assertThat(after.activities.get(5L).lastHeartbeatAt)
        .isEqualTo(T0.plusSeconds(1).toEpochMilli());
    assertThat(after.activities.get(5L).heartbeatDetails).isNull();

    // closing the run removes every heartbeat row of it
    close(other, "COMPLETED", T0.plusSeconds(10).toEpochMilli());
    update(other, 1, List.of(), Map.of(), Set.of(), true);
    other.status =
        Lifecycles.RunStatus
            .OPEN; // (not a real transition: only to see that no heartbeat comes back)
    other.closeStatus = null;
    other.closedAt = 0;
    runs.commit(
        List.of(
            RunChange.of(other, false, 2, List.of(), Map.of(), Set.of(), false, Set.of(task5))));
    assertThat(runs.load(other.runPk).orElseThrow().activities.get(5L).lastHeartbeatAt)
        .isEqualTo(T0.toEpochMilli());
  }

  // ------------------------------------------------------------------ pending items as rows

  static RunState withOneItemOfEachKind(RunState s) {
    s.activities.put(5L, startedActivity(5, T0.toEpochMilli()));
    s.timers.put("t1", new RunState.TimerState("t1", 6, T0.plusSeconds(60).toEpochMilli()));
    s.children.put(7L, child(7, "kid"));
    s.externals.put(
        8L,
        new RunState.ExternalState(RunState.ExternalState.Kind.SIGNAL, 8, 0, "target", null, "go"));
    s.lambdas.put(9L, new RunState.LambdaState(9, "l1", "fn", null, 0));
    return s;
  }

  static RunState.ChildState child(long initiatedEventId, String workflowId) {
    return new RunState.ChildState(
        initiatedEventId, 0, workflowId, "wf", "1", null, null, null, null, null, null, null, 0);
  }

  @Test
  void pendingItemsAreRowsAndACommitWritesOnlyTheItemsItNames() {
    String domain = unique("d");
    RunState s = withOneItemOfEachKind(run(domain, "items", T0.toEpochMilli()));
    create(s, Map.of());
    RunState back = runs.load(s.runPk).orElseThrow();
    assertThat(back.activities.keySet()).containsExactly(5L);
    assertThat(back.activities.get(5L).activityId).isEqualTo("a5");
    assertThat(back.timers.get("t1").fireAt).isEqualTo(T0.plusSeconds(60).toEpochMilli());
    assertThat(back.children.get(7L).workflowId).isEqualTo("kid");
    assertThat(back.externals.get(8L).signalName).isEqualTo("go");
    assertThat(back.lambdas.get(9L).name).isEqualTo("fn");

    // a child starts (named), a second child is initiated (named), the timer fires (named, gone);
    // a change to an item the write does not name is not written
    back.children.put(7L, back.children.get(7L).start("child-run", 11));
    back.children.put(10L, child(10, "kid2"));
    back.timers.remove("t1");
    back.externals.put(
        8L,
        new RunState.ExternalState(
            RunState.ExternalState.Kind.SIGNAL, 8, 0, "target", null, "not written"));
    runs.commit(
        List.of(
            RunChange.of(
                back,
                false,
                1,
                List.of(),
                Map.of(),
                Set.of(),
                false,
                Set.of(
                    ItemRef.of(ItemKind.CHILD, 7),
                    ItemRef.of(ItemKind.CHILD, 10),
                    ItemRef.timer("t1")))));
    RunState after = runs.load(s.runPk).orElseThrow();
    assertThat(after.version).isEqualTo(2);
    assertThat(after.children.keySet()).containsExactly(7L, 10L);
    assertThat(after.children.get(7L).runId).isEqualTo("child-run");
    assertThat(after.timers).isEmpty();
    assertThat(after.externals.get(8L).signalName).isEqualTo("go");
    assertThat(after.activities).containsKey(5L);
    assertThat(after.lambdas).containsKey(9L);

    // closing: activity tasks, timers and Lambda tasks go; children and signals stay until settled
    close(after, "TERMINATED", T0.plusSeconds(5).toEpochMilli());
    after.activities.clear();
    after.lambdas.clear();
    update(after, 2, List.of(), Map.of(), Set.of(), true);
    RunState closed = runs.load(s.runPk).orElseThrow();
    assertThat(closed.activities).isEmpty();
    assertThat(closed.lambdas).isEmpty();
    assertThat(closed.children.keySet()).containsExactly(7L, 10L);
    assertThat(closed.externals.keySet()).containsExactly(8L);

    // a stale write names items too: none of them is written
    after.children.remove(7L);
    assertThatThrownBy(
            () ->
                runs.commit(
                    List.of(
                        RunChange.of(
                            after,
                            false,
                            1,
                            List.of(),
                            Map.of(),
                            Set.of(),
                            false,
                            Set.of(ItemRef.of(ItemKind.CHILD, 7))))))
        .isInstanceOf(StaleRunException.class);
    assertThat(runs.load(s.runPk).orElseThrow().children).containsKey(7L);

    runs.deleteRun(s.runPk);
    assertThat(runs.load(s.runPk)).isEmpty();
  }

  /**
   * A database written by the release that kept each run as one JSON document (runs.state listing
   * its pending items with their payloads, heartbeats in activity_heartbeats) opens with this one
   * and reads back the same runs, items, heartbeats, deadlines and histories.
   */
  @Test
  void aStoreOfRunDocumentsIsUpgradedToRows() throws Exception {
    Fresh fresh = fresh();
    try (java.sql.Connection c = fresh.connect();
        java.sql.Statement st = c.createStatement()) {
      for (String script :
          List.of(
              "V1__initial.sql",
              "V2__visibility.sql",
              "V3__visibility_time_indexes.sql",
              "V4__activity_heartbeats.sql")) {
        String sql =
            new String(
                getClass()
                    .getClassLoader()
                    .getResourceAsStream("db/migration/" + fresh.dialect() + "/" + script)
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String statement : sql.replaceAll("(?m)--.*$", "").split(";\\s*\n")) {
          if (!statement.isBlank()) st.execute(statement.strip());
        }
      }
      st.execute(
          "CREATE TABLE schema_history (version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
      for (int v = 1; v <= 4; v++)
        st.execute("INSERT INTO schema_history VALUES (" + v + ", 'V" + v + "', 0)");
      long t0 = T0.toEpochMilli();
      // an open run with one item of every kind (as today's release writes its document), a
      // heartbeat on its own row, a deadline and an event; a closed run with a child not yet told
      String open =
          "{\"runPk\":1,\"version\":3,\"region\":\"us-east-1\",\"domain\":\"old\",\"workflowId\":\"w1\","
              + "\"runId\":\"r1\",\"typeName\":\"wf\",\"typeVersion\":\"1\",\"taskList\":\"list\","
              + "\"tagList\":[\"red\"],\"startedAt\":"
              + t0
              + ",\"status\":\"OPEN\",\"nextEventId\":12,"
              + "\"decision\":{\"status\":\"STARTED\",\"scheduledEventId\":10,\"startedEventId\":11},"
              + "\"activities\":{\"5\":{\"scheduledEventId\":5,\"activityId\":\"a5\",\"input\":\"big input\","
              + "\"heartbeatTimeout\":\"30\",\"startedEventId\":6,\"startedAt\":"
              + t0
              + ",\"lastHeartbeatAt\":"
              + t0
              + "}},"
              + "\"timers\":{\"t1\":{\"timerId\":\"t1\",\"startedEventId\":7,\"fireAt\":"
              + (t0 + 60_000)
              + ",\"control\":\"c\"}},"
              + "\"children\":{\"8\":{\"initiatedEventId\":8,\"workflowId\":\"kid\",\"input\":\"x\",\"tagList\":[]}},"
              + "\"externals\":{\"9\":{\"kind\":\"SIGNAL\",\"initiatedEventId\":9,\"workflowId\":\"t\",\"signalName\":\"go\"}},"
              + "\"lambdas\":{\"4\":{\"scheduledEventId\":4,\"id\":\"l\",\"name\":\"fn\",\"input\":\"i\"}}}";
      String closed =
          "{\"runPk\":2,\"version\":9,\"region\":\"us-east-1\",\"domain\":\"old\",\"workflowId\":\"w2\","
              + "\"runId\":\"r2\",\"typeName\":\"wf\",\"typeVersion\":\"1\",\"startedAt\":"
              + t0
              + ",\"closedAt\":"
              + (t0 + 5)
              + ",\"status\":\"CLOSED\",\"closeStatus\":\"TERMINATED\",\"nextEventId\":20,"
              + "\"activities\":{},\"timers\":{},\"lambdas\":{},\"externals\":{},"
              + "\"children\":{\"3\":{\"initiatedEventId\":3,\"workflowId\":\"kid2\",\"runId\":\"kr\"}}}";
      String insert =
          "INSERT INTO runs(run_pk,region,domain,workflow_id,run_id,type_name,type_version,status,close_status,"
              + "start_ts,close_ts,tags,version,state) VALUES(?,'us-east-1','old',?,?,'wf','1',?,?,?,?,'{}',?,?)";
      try (java.sql.PreparedStatement ps = c.prepareStatement(insert)) {
        io.swfd.store.jdbc.Sql.bind(ps, 1L, "w1", "r1", "OPEN", null, t0, null, 3L, open);
        ps.executeUpdate();
        io.swfd.store.jdbc.Sql.bind(
            ps, 2L, "w2", "r2", "CLOSED", "TERMINATED", t0, t0 + 5, 9L, closed);
        ps.executeUpdate();
      }
      if (fresh.dialect().equals("postgresql")) // (keys given by hand here: the sequence follows)
      st.execute("SELECT setval(pg_get_serial_sequence('runs', 'run_pk'), 2)");
      st.execute("INSERT INTO activity_heartbeats VALUES (1, 5, " + (t0 + 4000) + ", '\"beat\"')");
      st.execute(
          "INSERT INTO timers VALUES (1, 'A5H', " + (t0 + 34000) + "), (2, 'R', " + t0 + ")");
      st.execute(
          "INSERT INTO history_events VALUES (1, 1, 'WorkflowExecutionStarted', " + t0 + ", '{}')");
    }
    Opened upgraded = fresh.open();
    try {
      RunStore r = upgraded.runs();
      RunState s = r.load(1).orElseThrow();
      assertThat(s.version).isEqualTo(3);
      assertThat(s.workflowId).isEqualTo("w1");
      assertThat(s.tagList).containsExactly("red");
      assertThat(s.decision.isStarted()).isTrue();
      assertThat(s.activities.get(5L).activityId).isEqualTo("a5");
      assertThat(s.activities.get(5L).lastHeartbeatAt).isEqualTo(t0(4000));
      assertThat(s.activities.get(5L).heartbeatDetails).isEqualTo("beat");
      assertThat(s.timers.get("t1").fireAt).isEqualTo(t0(60_000));
      assertThat(s.children.get(8L).workflowId).isEqualTo("kid");
      assertThat(s.externals.get(9L).signalName).isEqualTo("go");
      assertThat(s.lambdas.get(4L).name).isEqualTo("fn");
      assertThat(r.openRuns()).extracting(o -> o.runPk).containsExactly(1L);
      assertThat(r.openRuns().get(0).activities.get(5L).heartbeatDetails).isEqualTo("beat");
      assertThat(allTimers(r)).extracting(TimerRow::key).containsExactlyInAnyOrder("A5H", "R");
      assertThat(r.events(1, 0, Long.MAX_VALUE, false, 10)).hasSize(1);
      RunState c2 = r.load(2).orElseThrow();
      assertThat(c2.isOpen()).isFalse();
      assertThat(c2.children.get(3L).runId).isEqualTo("kr");
      // the heartbeat goes on working on the upgraded store
      r.recordHeartbeat(1, 5, T0.plusSeconds(8), "later");
      assertThat(r.load(1).orElseThrow().activities.get(5L).heartbeatDetails).isEqualTo("later");
      // and a new run gets a key after the old ones
      RunState fresh2 = run("old", "w3", T0.toEpochMilli());
      upgraded
          .runs()
          .commit(List.of(RunChange.of(fresh2, true, 0, List.of(), Map.of(), Set.of(), false)));
      assertThat(fresh2.runPk).isGreaterThan(2);
    } finally {
      upgraded.closer().close();
    }
  }

  private static long t0(long plusMillis) {
    return T0.toEpochMilli() + plusMillis;
  }

  // ------------------------------------------------------------------ visibility

  /** Every armed deadline of the store. */
  static List<TimerRow> allTimers(RunStore r) {
    return r.timersDueBetween(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"));
  }

  /**
   * A VisibilityQuery builder: open/closed, by start/close time, from T0 - 1 h, newest first, 100
   * at most.
   */
  static VisibilityQuery.Builder query(String domain, boolean open, boolean byClose) {
    return VisibilityQuery.builder(REGION, domain, open)
        .byCloseTime(byClose)
        .window(T0.minusSeconds(3600), null)
        .limit(100);
  }

  @Test
  void visibilityListsNewestFirstPagesAndFilters() {
    String domain = unique("d");
    List<RunState> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      RunState s =
          run(domain, "w" + i, T0.plusSeconds(i).toEpochMilli(), i % 2 == 0 ? "even" : "odd");
      if (i == 5) s.typeName = "other";
      all.add(create(s, Map.of()));
    }
    // two of them close: w1 (COMPLETED, later) and w4 (FAILED)
    close(all.get(1), "COMPLETED", T0.plusSeconds(100).toEpochMilli());
    update(all.get(1), 1, List.of(), Map.of(), Set.of(), false);
    close(all.get(4), "FAILED", T0.plusSeconds(50).toEpochMilli());
    update(all.get(4), 1, List.of(), Map.of(), Set.of(), false);

    assertThat(runs.listRuns(query(domain, true, false).build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w5", "w3", "w2", "w0");
    assertThat(runs.countRuns(query(domain, true, false).build())).isEqualTo(4);
    assertThat(runs.listRuns(query(domain, true, false).reverse(true).build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w0", "w2", "w3", "w5");

    List<RunState> page1 = runs.listRuns(query(domain, true, false).limit(2).build());
    assertThat(page1).extracting(s -> s.workflowId).containsExactly("w5", "w3");
    RunState last = page1.get(1);
    assertThat(
            runs.listRuns(
                query(domain, true, false)
                    .limit(2)
                    .after(new VisibilityQuery.Page(last.startedAt, last.runPk))
                    .build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w2", "w0");

    assertThat(runs.listRuns(query(domain, true, false).tag("even").build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w2", "w0");
    assertThat(runs.listRuns(query(domain, true, false).workflowId("w3").build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w3");
    assertThat(runs.listRuns(query(domain, true, false).type("other", null).build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w5");
    assertThat(runs.listRuns(query(domain, true, false).type("wf", "1").build())).hasSize(3);
    assertThat(runs.countRuns(query(domain, true, false).type("wf", "2").build())).isZero();
    assertThat(
            runs.listRuns(
                query(domain, true, false).window(T0.plusSeconds(2), T0.plusSeconds(3)).build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w3", "w2");

    assertThat(runs.listRuns(query(domain, false, true).build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w1", "w4");
    assertThat(runs.listRuns(query(domain, false, false).build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w4", "w1");
    assertThat(runs.listRuns(query(domain, false, true).closeStatus("FAILED").build()))
        .extracting(s -> s.workflowId)
        .containsExactly("w4");
    assertThat(
            runs.countRuns(
                query(domain, false, true).window(T0.plusSeconds(60), T0.plusSeconds(200)).build()))
        .isEqualTo(1);
    assertThat(runs.countRuns(query(unique("d"), true, false).build())).isZero();
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void concurrentWritersOfOneRunLoseNoUpdate() throws Exception {
    RunState s = create(run(unique("d"), "busy", T0.toEpochMilli()), Map.of());
    int writers = 4;
    int each = 15;
    AtomicInteger stale = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    while (true) {
                      RunState copy = runs.load(s.runPk).orElseThrow();
                      long id = copy.nextEventId;
                      copy.nextEventId = id + 1;
                      try {
                        update(
                            copy,
                            copy.version,
                            List.of(
                                event(
                                    id,
                                    EventType.MarkerRecorded,
                                    Map.of("markerName", writer + "/" + i))),
                            Map.of(),
                            Set.of(),
                            false);
                        break;
                      } catch (StaleRunException e) {
                        stale.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    RunState end = runs.load(s.runPk).orElseThrow();
    assertThat(end.version).isEqualTo(1 + writers * each);
    List<HistoryEvent> events = runs.events(s.runPk, 0, Long.MAX_VALUE, false, 1000);
    assertThat(events).hasSize(1 + writers * each);
    for (int i = 0; i < events.size(); i++) assertThat(events.get(i).eventId()).isEqualTo(i + 1L);
    assertThat(events.stream().skip(1).map(e -> e.string("markerName")).distinct())
        .hasSize(writers * each);
    System.out.println(getClass().getSimpleName() + ": " + stale.get() + " stale commits retried");
  }

  // ------------------------------------------------------------------ registry

  @Test
  void domainsRegisterOnceListInNameOrderAndPage() {
    String region = unique("r");
    assertThat(
            registry.insertDomain(
                new Domain(region, "b", RegistrationStatus.REGISTERED, "desc", "1", T0),
                List.of(new ResourceTag("k2", "v2"), new ResourceTag("k1", null))))
        .isTrue();
    assertThat(
            registry.insertDomain(
                new Domain(region, "b", RegistrationStatus.REGISTERED, "again", "2", T0),
                List.of()))
        .isFalse();
    for (String n : List.of("a", "C", "c", "d")) {
      assertThat(
              registry.insertDomain(
                  new Domain(region, n, RegistrationStatus.REGISTERED, null, "NONE", T0),
                  List.of()))
          .isTrue();
    }
    assertThat(registry.countDomains(region)).isEqualTo(5);
    Domain b = registry.findDomain(region, "b").orElseThrow();
    assertThat(b.description()).isEqualTo("desc");
    assertThat(b.retentionDays()).isEqualTo("1");
    assertThat(b.createdAt()).isEqualTo(T0);
    assertThat(registry.findDomain(region, "B")).isEmpty();
    assertThat(registry.tags(region, "b"))
        .containsExactly(new ResourceTag("k2", "v2"), new ResourceTag("k1", null));

    registry.updateDomain(b.withStatus(RegistrationStatus.DEPRECATED));
    assertThat(registry.findDomain(region, "b").orElseThrow().status())
        .isEqualTo(RegistrationStatus.DEPRECATED);

    // byte-wise order: upper case before lower case
    assertThat(registry.listDomains(region, RegistrationStatus.REGISTERED, null, false, 10))
        .extracting(Domain::name)
        .containsExactly("C", "a", "c", "d");
    assertThat(registry.listDomains(region, RegistrationStatus.REGISTERED, "a", false, 2))
        .extracting(Domain::name)
        .containsExactly("c", "d");
    assertThat(registry.listDomains(region, RegistrationStatus.REGISTERED, null, true, 2))
        .extracting(Domain::name)
        .containsExactly("d", "c");
    assertThat(registry.listDomains(region, RegistrationStatus.REGISTERED, "c", true, 10))
        .extracting(Domain::name)
        .containsExactly("a", "C");
    assertThat(registry.listDomains(region, RegistrationStatus.DEPRECATED, null, false, 10))
        .extracting(Domain::name)
        .containsExactly("b");

    registry.replaceTags(
        region, "b", List.of(new ResourceTag("z", "1"), new ResourceTag("a", "2")));
    assertThat(registry.tags(region, "b"))
        .containsExactly(new ResourceTag("z", "1"), new ResourceTag("a", "2"));
    registry.replaceTags(region, "b", List.of());
    assertThat(registry.tags(region, "b")).isEmpty();
  }

  @Test
  void typesRegisterOnceAndListByNameThenVersion() {
    String region = unique("r");
    TypeDefaults defaults =
        new TypeDefaults("30", "3600", null, null, null, "list", "5", "TERMINATE", null);
    for (String[] nv :
        List.of(
            new String[] {"b", "1"},
            new String[] {"a", "2"},
            new String[] {"a", "10"},
            new String[] {"B", "1"})) {
      TypeKey k = new TypeKey(TypeKind.WORKFLOW, region, "dom", nv[0], nv[1]);
      assertThat(
              registry.insertType(
                  new RegisteredType(k, RegistrationStatus.REGISTERED, "d", T0, null, defaults)))
          .isTrue();
    }
    TypeKey a2 = new TypeKey(TypeKind.WORKFLOW, region, "dom", "a", "2");
    assertThat(
            registry.insertType(
                new RegisteredType(a2, RegistrationStatus.REGISTERED, null, T0, null, defaults)))
        .isFalse();
    // the same name and version as an activity type is another type
    assertThat(
            registry.insertType(
                new RegisteredType(
                    new TypeKey(TypeKind.ACTIVITY, region, "dom", "a", "2"),
                    RegistrationStatus.REGISTERED,
                    null,
                    T0,
                    null,
                    defaults)))
        .isTrue();

    assertThat(registry.countTypes(TypeKind.WORKFLOW, region, "dom")).isEqualTo(4);
    assertThat(registry.countTypes(TypeKind.ACTIVITY, region, "dom")).isEqualTo(1);
    RegisteredType t = registry.findType(a2).orElseThrow();
    assertThat(t.defaults()).isEqualTo(defaults);
    assertThat(t.creationDate()).isEqualTo(T0);
    assertThat(t.deprecationDate()).isNull();

    assertThat(
            registry.listTypes(
                TypeKind.WORKFLOW,
                region,
                "dom",
                RegistrationStatus.REGISTERED,
                null,
                null,
                false,
                10))
        .extracting(r -> r.key().name() + r.key().version())
        .containsExactly("B1", "a10", "a2", "b1");
    assertThat(
            registry.listTypes(
                TypeKind.WORKFLOW,
                region,
                "dom",
                RegistrationStatus.REGISTERED,
                "a",
                null,
                true,
                10))
        .extracting(r -> r.key().version())
        .containsExactly("2", "10");
    assertThat(
            registry.listTypes(
                TypeKind.WORKFLOW,
                region,
                "dom",
                RegistrationStatus.REGISTERED,
                null,
                new String[] {"a", "10"},
                false,
                2))
        .extracting(r -> r.key().name() + r.key().version())
        .containsExactly("a2", "b1");

    registry.updateType(t.withStatus(RegistrationStatus.DEPRECATED, T0.plusSeconds(9)));
    RegisteredType deprecated = registry.findType(a2).orElseThrow();
    assertThat(deprecated.status()).isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(deprecated.deprecationDate()).isEqualTo(T0.plusSeconds(9));
    assertThat(
            registry.listTypes(
                TypeKind.WORKFLOW,
                region,
                "dom",
                RegistrationStatus.DEPRECATED,
                null,
                null,
                false,
                10))
        .hasSize(1);

    registry.deleteType(a2);
    assertThat(registry.findType(a2)).isEmpty();
    assertThat(registry.countTypes(TypeKind.WORKFLOW, region, "dom")).isEqualTo(3);
  }

  @Test
  void metaValuesAreCreatedOnceAndKept() {
    String name = unique("secret");
    assertThat(stores.meta().getOrCreate(name, "first")).isEqualTo("first");
    assertThat(stores.meta().getOrCreate(name, "second")).isEqualTo("first");
  }
}
