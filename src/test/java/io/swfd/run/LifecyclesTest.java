package io.swfd.run;

import static io.swfd.run.Lifecycles.ACTIVITY;
import static io.swfd.run.Lifecycles.CHILD;
import static io.swfd.run.Lifecycles.DECISION;
import static io.swfd.run.Lifecycles.LAMBDA;
import static io.swfd.run.Lifecycles.RUN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.engine.state.RunStateApplier;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transition tables, and the applier refusing what they do not allow. */
class LifecyclesTest {
  @Test
  void eachTableSaysWhatMayHappenAndRefusesTheRest() {
    assertThat(ACTIVITY.next(Lifecycles.ActivityStatus.SCHEDULED, Lifecycles.ActivityAction.START))
        .isEqualTo(Lifecycles.ActivityStatus.STARTED);
    assertThat(
            ACTIVITY.allows(Lifecycles.ActivityStatus.SCHEDULED, Lifecycles.ActivityAction.CANCEL))
        .as("a decider cancels a task nobody started at once")
        .isTrue();
    assertThat(
            ACTIVITY.allows(
                Lifecycles.ActivityStatus.SCHEDULED, Lifecycles.ActivityAction.TIME_OUT_HEARTBEAT))
        .isFalse();
    assertThatThrownBy(
            () -> ACTIVITY.next(Lifecycles.ActivityStatus.STARTED, Lifecycles.ActivityAction.START))
        .isInstanceOf(Transitions.IllegalTransitionException.class)
        .hasMessageContaining("activity task: START is not allowed in state STARTED");
    assertThat(
            DECISION.allows(
                Lifecycles.DecisionStatus.SCHEDULED, Lifecycles.DecisionAction.COMPLETE))
        .isFalse();
    assertThat(DECISION.next(Lifecycles.DecisionStatus.STARTED, Lifecycles.DecisionAction.DROP))
        .isEqualTo(Lifecycles.DecisionStatus.NONE);
    assertThat(CHILD.allows(Lifecycles.ChildStatus.STARTED, Lifecycles.ChildAction.START))
        .isFalse();
    assertThat(LAMBDA.allows(Lifecycles.LambdaStatus.STARTED, Lifecycles.LambdaAction.START))
        .isFalse();
    assertThatThrownBy(() -> RUN.next(Lifecycles.RunStatus.CLOSED, Lifecycles.RunAction.RECORD))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    // nothing leaves CLOSED but settling
    for (Lifecycles.ActivityAction a : Lifecycles.ActivityAction.values())
      assertThat(ACTIVITY.allows(Lifecycles.ActivityStatus.CLOSED, a)).isFalse();
  }

  @Test
  void theApplierRefusesAnEventItsTableDoesNotAllow() {
    RunState s = new RunState();
    Instant t = Instant.parse("2030-01-01T00:00:00Z");
    RunStateApplier.apply(
        s,
        new HistoryEvent(
            1,
            t,
            EventType.WorkflowExecutionStarted,
            Map.of("taskList", Map.of("name", "l"), "workflowType", Map.of("name", "w"))));
    RunStateApplier.apply(
        s,
        new HistoryEvent(
            2,
            t,
            EventType.ActivityTaskScheduled,
            Map.of("activityId", "a", "taskList", Map.of("name", "l"))));
    ItemRef started =
        RunStateApplier.apply(
            s,
            new HistoryEvent(3, t, EventType.ActivityTaskStarted, Map.of("scheduledEventId", 2L)));
    assertThat(started).isEqualTo(ItemRef.of(ItemKind.ACTIVITY, 2));
    assertThatThrownBy(
            () ->
                RunStateApplier.apply(
                    s,
                    new HistoryEvent(
                        4, t, EventType.ActivityTaskStarted, Map.of("scheduledEventId", 2L))))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    assertThatThrownBy(
            () ->
                RunStateApplier.apply(
                    s,
                    new HistoryEvent(
                        4,
                        t,
                        EventType.DecisionTaskCompleted,
                        Map.of("scheduledEventId", 1L, "startedEventId", 2L))))
        .as("no decision task was started")
        .isInstanceOf(Transitions.IllegalTransitionException.class);
  }
}
