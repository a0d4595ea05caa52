package io.swfd.executions.rest;

import static io.swfd.support.Decisions.requestCancel;
import static io.swfd.support.Decisions.signal;
import static io.swfd.support.SwfTestClient.event;
import static io.swfd.support.SwfTestClient.last;
import static io.swfd.support.SwfTestClient.types;
import static io.swfd.support.SwfTestClient.unique;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_COMPLETED;
import static software.amazon.awssdk.services.swf.model.EventType.DECISION_TASK_SCHEDULED;
import static software.amazon.awssdk.services.swf.model.EventType.EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static software.amazon.awssdk.services.swf.model.EventType.EXTERNAL_WORKFLOW_EXECUTION_SIGNALED;
import static software.amazon.awssdk.services.swf.model.EventType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED;
import static software.amazon.awssdk.services.swf.model.EventType.REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED;
import static software.amazon.awssdk.services.swf.model.EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED;
import static software.amazon.awssdk.services.swf.model.EventType.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_COMPLETED;
import static software.amazon.awssdk.services.swf.model.EventType.WORKFLOW_EXECUTION_SIGNALED;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.RequestCancelExternalWorkflowExecutionFailedCause;
import software.amazon.awssdk.services.swf.model.SignalExternalWorkflowExecutionFailedCause;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution, in the sender and in
 * the target.
 */
class ExternalWorkflowsTest {
  private static SwfTestClient kit;
  private static SwfClient swf;

  @BeforeAll
  static void up() {
    kit = SwfTestClient.system();
    swf = kit.swf();
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  /** Two runs; the target's first decision task is answered so that it is idle. */
  private record Pair(String domain, WorkflowExecution source, WorkflowExecution target) {}

  private Pair pair() {
    String d = kit.domain("ext");
    WorkflowExecution target = kit.start(d, unique("target"));
    kit.decide(d, target);
    WorkflowExecution source = kit.start(d, unique("source"));
    return new Pair(d, source, target);
  }

  private static HistoryEvent only(List<HistoryEvent> h, EventType type) {
    List<HistoryEvent> found = h.stream().filter(e -> e.eventType() == type).toList();
    assertThat(found).as("%s events", type).hasSize(1);
    return found.get(0);
  }

  @Test
  void signalWithRunIdReachesTheTargetAndIsConfirmed() {
    Pair p = pair();
    kit.decide(
        p.domain(),
        p.source(),
        signal(p.target().workflowId(), p.target().runId(), "sig", "in", "ctl"));

    HistoryEvent initiated =
        only(kit.history(p.domain(), p.source()), SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    var ia = initiated.signalExternalWorkflowExecutionInitiatedEventAttributes();
    assertThat(ia.workflowId()).isEqualTo(p.target().workflowId());
    assertThat(ia.runId()).isEqualTo(p.target().runId());
    assertThat(ia.signalName()).isEqualTo("sig");
    assertThat(ia.input()).isEqualTo("in");
    assertThat(ia.control()).isEqualTo("ctl");
    assertThat(
            event(kit.history(p.domain(), p.source()), ia.decisionTaskCompletedEventId())
                .eventType())
        .isEqualTo(DECISION_TASK_COMPLETED);

    HistoryEvent confirmed =
        kit.await(p.domain(), p.source(), EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
    var ca = confirmed.externalWorkflowExecutionSignaledEventAttributes();
    assertThat(ca.workflowExecution()).isEqualTo(p.target());
    assertThat(ca.initiatedEventId()).isEqualTo(initiated.eventId());
    // the confirmation wakes the sender
    List<HistoryEvent> sh = kit.history(p.domain(), p.source());
    assertThat(event(sh, confirmed.eventId() + 1).eventType()).isEqualTo(DECISION_TASK_SCHEDULED);

    List<HistoryEvent> th = kit.history(p.domain(), p.target());
    HistoryEvent signaled = only(th, WORKFLOW_EXECUTION_SIGNALED);
    var sa = signaled.workflowExecutionSignaledEventAttributes();
    assertThat(sa.signalName()).isEqualTo("sig");
    assertThat(sa.input()).isEqualTo("in");
    assertThat(sa.externalWorkflowExecution()).isEqualTo(p.source());
    assertThat(sa.externalInitiatedEventId()).isEqualTo(initiated.eventId());
    // and the target's decider
    assertThat(event(th, signaled.eventId() + 1).eventType()).isEqualTo(DECISION_TASK_SCHEDULED);
    assertThat(kit.decisionTask(p.domain(), p.target()).events())
        .extracting(HistoryEvent::eventType)
        .contains(WORKFLOW_EXECUTION_SIGNALED);
  }

  @Test
  void signalWithoutRunIdIsConfirmedWithTheResolvedRun() {
    Pair p = pair();
    kit.decide(p.domain(), p.source(), signal(p.target().workflowId(), null, "sig", null, null));
    HistoryEvent initiated =
        only(kit.history(p.domain(), p.source()), SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    assertThat(initiated.signalExternalWorkflowExecutionInitiatedEventAttributes().runId())
        .isNull();
    assertThat(initiated.signalExternalWorkflowExecutionInitiatedEventAttributes().control())
        .isNull();
    var ca =
        kit.await(p.domain(), p.source(), EXTERNAL_WORKFLOW_EXECUTION_SIGNALED)
            .externalWorkflowExecutionSignaledEventAttributes();
    assertThat(ca.workflowExecution()).isEqualTo(p.target());
    var sa =
        only(kit.history(p.domain(), p.target()), WORKFLOW_EXECUTION_SIGNALED)
            .workflowExecutionSignaledEventAttributes();
    assertThat(sa.input()).isNull();
    assertThat(sa.externalWorkflowExecution()).isEqualTo(p.source());
  }

  @Test
  void cancelRequestReachesTheTargetAndIsConfirmed() {
    Pair p = pair();
    kit.decide(
        p.domain(), p.source(), requestCancel(p.target().workflowId(), p.target().runId(), "why"));

    HistoryEvent initiated =
        only(
            kit.history(p.domain(), p.source()),
            REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    var ia = initiated.requestCancelExternalWorkflowExecutionInitiatedEventAttributes();
    assertThat(ia.workflowId()).isEqualTo(p.target().workflowId());
    assertThat(ia.runId()).isEqualTo(p.target().runId());
    assertThat(ia.control()).isEqualTo("why");
    assertThat(ia.decisionTaskCompletedEventId()).isEqualTo(initiated.eventId() - 1);

    HistoryEvent confirmed =
        kit.await(p.domain(), p.source(), EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    var ca = confirmed.externalWorkflowExecutionCancelRequestedEventAttributes();
    assertThat(ca.workflowExecution()).isEqualTo(p.target());
    assertThat(ca.initiatedEventId()).isEqualTo(initiated.eventId());
    assertThat(event(kit.history(p.domain(), p.source()), confirmed.eventId() + 1).eventType())
        .isEqualTo(DECISION_TASK_SCHEDULED);

    List<HistoryEvent> th = kit.history(p.domain(), p.target());
    HistoryEvent requested = only(th, WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    var ra = requested.workflowExecutionCancelRequestedEventAttributes();
    assertThat(ra.externalWorkflowExecution()).isEqualTo(p.source());
    assertThat(ra.externalInitiatedEventId()).isEqualTo(initiated.eventId());
    assertThat(ra.cause()).isNull();
    assertThat(event(th, requested.eventId() + 1).eventType()).isEqualTo(DECISION_TASK_SCHEDULED);
    assertThat(kit.describe(p.domain(), p.target()).executionInfo().cancelRequested()).isTrue();
  }

  @Test
  void cancelRequestWithoutRunIdIsConfirmedWithTheResolvedRun() {
    Pair p = pair();
    kit.decide(p.domain(), p.source(), requestCancel(p.target().workflowId(), null, null));
    var ca =
        kit.await(p.domain(), p.source(), EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
            .externalWorkflowExecutionCancelRequestedEventAttributes();
    assertThat(ca.workflowExecution()).isEqualTo(p.target());
    assertThat(kit.describe(p.domain(), p.target()).executionInfo().cancelRequested()).isTrue();
  }

  @Test
  void unknownOrClosedTargetsFail() {
    Pair p = pair();
    WorkflowExecution closed = p.target();
    swf.terminateWorkflowExecution(r -> r.domain(p.domain()).workflowId(closed.workflowId()));
    WorkflowExecution open = kit.start(p.domain(), unique("open"));
    kit.decide(
        p.domain(),
        p.source(),
        signal("nobody", null, "s", "i", "c1"),
        signal(closed.workflowId(), closed.runId(), "s", null, "c2"),
        signal(closed.workflowId(), null, "s", null, "c3"),
        signal(open.workflowId(), closed.runId(), "s", null, "c4"),
        requestCancel("nobody", null, "c5"),
        requestCancel(closed.workflowId(), closed.runId(), "c6"),
        requestCancel(closed.workflowId(), null, "c7"));
    await()
        .atMost(10, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(
            () ->
                kit.events(p.domain(), p.source(), SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED).size()
                        == 4
                    && kit.events(
                                p.domain(),
                                p.source(),
                                REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
                            .size()
                        == 3);
    List<HistoryEvent> h = kit.history(p.domain(), p.source());
    List<HistoryEvent> initiated =
        h.stream()
            .filter(
                e ->
                    e.eventType() == SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED
                        || e.eventType() == REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
            .toList();
    assertThat(initiated).hasSize(7);
    long completed = initiated.get(0).eventId() - 1;
    for (HistoryEvent e : h) {
      if (e.eventType() == SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED) {
        var a = e.signalExternalWorkflowExecutionFailedEventAttributes();
        assertThat(a.cause())
            .isEqualTo(
                SignalExternalWorkflowExecutionFailedCause.UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION);
        HistoryEvent i = event(h, a.initiatedEventId());
        var ia = i.signalExternalWorkflowExecutionInitiatedEventAttributes();
        assertThat(ia).isNotNull();
        assertThat(a.workflowId()).isEqualTo(ia.workflowId());
        assertThat(a.runId()).isEqualTo(ia.runId());
        assertThat(a.control()).isEqualTo(ia.control());
        assertThat(a.decisionTaskCompletedEventId()).isEqualTo(completed);
      } else if (e.eventType() == REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED) {
        var a = e.requestCancelExternalWorkflowExecutionFailedEventAttributes();
        assertThat(a.cause())
            .isEqualTo(
                RequestCancelExternalWorkflowExecutionFailedCause
                    .UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION);
        var ia =
            event(h, a.initiatedEventId())
                .requestCancelExternalWorkflowExecutionInitiatedEventAttributes();
        assertThat(ia).isNotNull();
        assertThat(a.workflowId()).isEqualTo(ia.workflowId());
        assertThat(a.runId()).isEqualTo(ia.runId());
        assertThat(a.control()).isEqualTo(ia.control());
        assertThat(a.decisionTaskCompletedEventId()).isEqualTo(completed);
      }
    }
    assertThat(types(h))
        .doesNotContain(
            EXTERNAL_WORKFLOW_EXECUTION_SIGNALED, EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    assertThat(
            h.stream()
                .filter(e -> e.eventType() == SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
                .map(e -> e.signalExternalWorkflowExecutionFailedEventAttributes().control()))
        .containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
    // the failures woke the sender
    assertThat(kit.describe(p.domain(), p.source()).openCounts().openDecisionTasks()).isEqualTo(1);
    assertThat(kit.history(p.domain(), open)).hasSize(2);
    assertThat(types(kit.history(p.domain(), closed)))
        .doesNotContain(WORKFLOW_EXECUTION_SIGNALED, WORKFLOW_EXECUTION_CANCEL_REQUESTED);
  }

  @Test
  void aRunCanSignalAndCancelItself() {
    String d = kit.domain("ext");
    WorkflowExecution self = kit.start(d, unique("self"));
    kit.decide(
        d,
        self,
        signal(self.workflowId(), null, "me", "to me", null),
        requestCancel(self.workflowId(), self.runId(), null));
    await()
        .atMost(10, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(
            () -> {
              List<EventType> t = types(kit.history(d, self));
              return t.contains(EXTERNAL_WORKFLOW_EXECUTION_SIGNALED)
                  && t.contains(EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
            });
    List<HistoryEvent> h = kit.history(d, self);
    HistoryEvent signalInit = only(h, SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    HistoryEvent cancelInit = only(h, REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    var sa = only(h, WORKFLOW_EXECUTION_SIGNALED).workflowExecutionSignaledEventAttributes();
    assertThat(sa.externalWorkflowExecution()).isEqualTo(self);
    assertThat(sa.externalInitiatedEventId()).isEqualTo(signalInit.eventId());
    assertThat(sa.input()).isEqualTo("to me");
    assertThat(
            only(h, EXTERNAL_WORKFLOW_EXECUTION_SIGNALED)
                .externalWorkflowExecutionSignaledEventAttributes()
                .workflowExecution())
        .isEqualTo(self);
    var ra =
        only(h, WORKFLOW_EXECUTION_CANCEL_REQUESTED)
            .workflowExecutionCancelRequestedEventAttributes();
    assertThat(ra.externalWorkflowExecution()).isEqualTo(self);
    assertThat(ra.externalInitiatedEventId()).isEqualTo(cancelInit.eventId());
    assertThat(
            only(h, EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED)
                .externalWorkflowExecutionCancelRequestedEventAttributes()
                .initiatedEventId())
        .isEqualTo(cancelInit.eventId());
    assertThat(kit.describe(d, self).executionInfo().cancelRequested()).isTrue();
    assertThat(kit.describe(d, self).openCounts().openDecisionTasks()).isEqualTo(1);
  }

  @Test
  void signalAndCancelRequestInTheClosingBatchAreStillDelivered() {
    Pair p = pair();
    String d = p.domain();
    WorkflowExecution other = kit.start(d, unique("other"));
    kit.decide(d, other);
    kit.decide(
        d,
        p.source(),
        signal(p.target().workflowId(), null, "bye", "last words", "c"),
        requestCancel(other.workflowId(), null, null),
        Decisions.complete("done"));
    List<HistoryEvent> sh = kit.history(d, p.source());
    assertThat(last(sh).eventType()).isEqualTo(WORKFLOW_EXECUTION_COMPLETED);
    HistoryEvent signalInit = only(sh, SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);

    var sa =
        kit.await(d, p.target(), WORKFLOW_EXECUTION_SIGNALED)
            .workflowExecutionSignaledEventAttributes();
    assertThat(sa.signalName()).isEqualTo("bye");
    assertThat(sa.input()).isEqualTo("last words");
    assertThat(sa.externalWorkflowExecution()).isEqualTo(p.source());
    assertThat(sa.externalInitiatedEventId()).isEqualTo(signalInit.eventId());
    var ra =
        kit.await(d, other, WORKFLOW_EXECUTION_CANCEL_REQUESTED)
            .workflowExecutionCancelRequestedEventAttributes();
    assertThat(ra.externalWorkflowExecution()).isEqualTo(p.source());
    // the closed sender records nothing more
    kit.assertHistoryStays(d, p.source(), sh.size());
  }
}
