package io.swfd.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pending items are immutable: a change makes a new one, and only what its table allows. */
class PendingItemsTest {
  private static RunState.ActivityState scheduled() {
    return new RunState.ActivityState(
        5, "a", "t", "1", "list", "0", "10", "20", "30", "40", 1000, 0, 0, 0, null, 0);
  }

  @Test
  void anActivityTaskChangesOnlyIntoANewOneAndOnlyAsItsTableSays() {
    RunState.ActivityState a = scheduled();
    RunState.ActivityState started = a.start(6, 2000);
    assertThat(a.isStarted()).as("the scheduled one is unchanged").isFalse();
    assertThat(started.status()).isEqualTo(Lifecycles.ActivityStatus.STARTED);
    assertThat(started.lastHeartbeatAt).isEqualTo(2000);
    assertThat(started.activityId).isEqualTo("a");

    RunState.ActivityState beaten = started.heartbeat(3000, "d1").heartbeat(4000, null);
    assertThat(beaten.lastHeartbeatAt).isEqualTo(4000);
    assertThat(beaten.heartbeatDetails).as("null keeps the last details").isEqualTo("d1");
    assertThat(beaten.storedHeartbeat(5000, null).heartbeatDetails).isNull();
    assertThat(beaten.requestCancel(9).cancelRequestedEventId).isEqualTo(9);

    assertThatThrownBy(() -> started.start(7, 3000))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    assertThatThrownBy(() -> a.heartbeat(3000, null))
        .as("nobody beats for a task nobody started")
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    assertThatThrownBy(() -> a.close(Lifecycles.ActivityAction.COMPLETE))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    assertThatThrownBy(() -> started.close(Lifecycles.ActivityAction.HEARTBEAT))
        .as("an action that does not close is no close")
        .isInstanceOf(IllegalArgumentException.class);
    a.close(Lifecycles.ActivityAction.CANCEL);
    started.close(Lifecycles.ActivityAction.TIME_OUT_HEARTBEAT);
  }

  @Test
  void childrenLambdasTimersAndExternalsFollowTheirTables() {
    RunState.ChildState c =
        new RunState.ChildState(
            3, 2, "kid", "wf", "1", null, null, null, null, null, null, null, 0);
    assertThat(c.status()).isEqualTo(Lifecycles.ChildStatus.INITIATED);
    assertThatThrownBy(() -> c.close(Lifecycles.ChildAction.CLOSE))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    RunState.ChildState started = c.start("run", 8);
    assertThat(started.runId).isEqualTo("run");
    assertThat(c.runId).isNull();
    assertThatThrownBy(() -> started.start("again", 9))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    started.close(Lifecycles.ChildAction.CLOSE);
    c.close(Lifecycles.ChildAction.FAIL_TO_START);

    RunState.LambdaState l = new RunState.LambdaState(4, "id", "fn", "300", 0);
    assertThatThrownBy(() -> l.close(Lifecycles.LambdaAction.COMPLETE))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    assertThat(l.start(5).status()).isEqualTo(Lifecycles.LambdaStatus.STARTED);
    l.start(5).close(Lifecycles.LambdaAction.TIME_OUT);

    new RunState.TimerState("t", 3, 1000).close(Lifecycles.TimerAction.FIRE);
    new RunState.ExternalState(RunState.ExternalState.Kind.CANCEL, 3, 2, "w", null, null)
        .close(Lifecycles.ExternalAction.FAIL);
  }

  @Test
  void theDecisionTaskGoesRoundItsTable() {
    RunState.DecisionTaskState none = RunState.DecisionTaskState.none();
    assertThatThrownBy(() -> none.start(3))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
    RunState.DecisionTaskState scheduled = none.schedule(2, 1000, "list");
    assertThat(none.isNone()).isTrue();
    RunState.DecisionTaskState started = scheduled.start(3).wakePending();
    assertThat(started.wakePending).isTrue();
    RunState.DecisionTaskState done = started.complete(3, "list", "other", "5");
    assertThat(done.isNone()).isTrue();
    assertThat(done.wakePending).isFalse();
    assertThat(done.previousStartedEventId).isEqualTo(3);
    assertThat(done.taskListOverride).isEqualTo("other");
    RunState.DecisionTaskState timedOut =
        done.schedule(5, 2000, "other")
            .timeOut(Lifecycles.DecisionAction.TIME_OUT_SCHEDULE_TO_START);
    assertThat(timedOut.taskListOverride).as("a temporary override ends").isNull();
    assertThat(
            done.schedule(5, 2000, "other")
                .start(6)
                .complete(6, "list", "list", null)
                .taskListOverride)
        .as("naming the run's own list ends the override")
        .isNull();
    assertThatThrownBy(() -> scheduled.complete(3, "list", null, null))
        .isInstanceOf(Transitions.IllegalTransitionException.class);
  }
}
