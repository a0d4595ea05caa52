package io.swfd.executions.rest;

import static io.swfd.support.SwfTestClient.T0;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.unknownResource;
import static io.swfd.support.SwfTestClient.validation;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swfd.support.Decisions;
import io.swfd.support.SwfTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListOpenWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * List/Count Open/Closed WorkflowExecutions over a domain whose runs start and close at known times
 * (a manual clock, ten seconds apart), so that every filter, window, order and page can be checked
 * exactly.
 *
 * <pre>
 * run  type     tags        start  close  how
 * A    wf/1     red          +10   +100   COMPLETED
 * B    wf/2     blue         +20   +120   FAILED
 * C    other/1  red, blue    +30    +90   TERMINATED
 * D    wf/1     -            +40   +110   CANCELED (after a cancel request)
 * E    wf/1     green        +50     -    open
 * F    wf/2     -            +60     -    open
 * G    wf/1     -            +70   +170   TIMED_OUT (100 s execution timeout)
 * H    wf/1     -            +80   +130   CONTINUED_AS_NEW into H2
 * H2   wf/1     -           +130     -    open
 * </pre>
 */
class VisibilityTest {
  private static SwfTestClient kit;
  private static SwfClient swf;
  private static String d;
  private static final Map<String, WorkflowExecution> RUNS = new LinkedHashMap<>();

  @BeforeAll
  static void up() {
    kit = SwfTestClient.manual();
    swf = kit.swf();
    d = kit.domain("vis");
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(SwfTestClient.WF)
                .version("2")
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultChildPolicy("TERMINATE"));
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name("other")
                .version("1")
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultChildPolicy("TERMINATE"));
    startAfter10("A", SwfTestClient.WF, "1", r -> r.tagList("red"));
    startAfter10("B", SwfTestClient.WF, "2", r -> r.tagList("blue"));
    startAfter10("C", "other", "1", r -> r.tagList("red", "blue"));
    startAfter10("D", SwfTestClient.WF, "1", r -> {});
    startAfter10("E", SwfTestClient.WF, "1", r -> r.tagList("green"));
    startAfter10("F", SwfTestClient.WF, "2", r -> {});
    startAfter10("G", SwfTestClient.WF, "1", r -> r.executionStartToCloseTimeout("100"));
    startAfter10("H", SwfTestClient.WF, "1", r -> {});
    kit.advance(Duration.ofSeconds(10));
    swf.terminateWorkflowExecution(r -> r.domain(d).workflowId(RUNS.get("C").workflowId()));
    kit.advance(Duration.ofSeconds(10));
    kit.decide(d, RUNS.get("A"), Decisions.complete("ok"));
    kit.advance(Duration.ofSeconds(10));
    swf.requestCancelWorkflowExecution(r -> r.domain(d).workflowId(RUNS.get("D").workflowId()));
    kit.decide(d, RUNS.get("D"), Decisions.cancel("canceled"));
    kit.advance(Duration.ofSeconds(10));
    kit.decide(d, RUNS.get("B"), Decisions.fail("r", "d"));
    kit.advance(Duration.ofSeconds(10));
    kit.decide(
        d,
        RUNS.get("H"),
        Decisions.continueAsNew(a -> a.taskList(t -> t.name(RUNS.get("H").workflowId()))));
    RUNS.put("H2", kit.openRun(d, RUNS.get("H").workflowId()));
    kit.advance(Duration.ofSeconds(40));
    await()
        .atMost(10, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(
            () ->
                kit.describe(d, RUNS.get("G")).executionInfo().executionStatus()
                    == ExecutionStatus.CLOSED);
  }

  private static void startAfter10(
      String name,
      String type,
      String version,
      Consumer<software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest.Builder>
          more) {
    kit.advance(Duration.ofSeconds(10));
    RUNS.put(
        name,
        kit.start(
            d,
            SwfTestClient.unique(name),
            r -> {
              r.workflowType(t -> t.name(type).version(version));
              more.accept(r);
            }));
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static List<WorkflowExecution> runs(String... names) {
    List<WorkflowExecution> out = new ArrayList<>();
    for (String n : names) out.add(RUNS.get(n));
    return out;
  }

  private static List<WorkflowExecution> executions(List<WorkflowExecutionInfo> infos) {
    return infos.stream().map(WorkflowExecutionInfo::execution).toList();
  }

  private static List<WorkflowExecution> open(
      Consumer<ListOpenWorkflowExecutionsRequest.Builder> req) {
    return executions(
        swf.listOpenWorkflowExecutions(
                r -> {
                  r.domain(d).startTimeFilter(f -> f.oldestDate(T0));
                  req.accept(r);
                })
            .executionInfos());
  }

  private static List<WorkflowExecution> closedByClose(
      Consumer<ListClosedWorkflowExecutionsRequest.Builder> req) {
    return executions(
        swf.listClosedWorkflowExecutions(
                r -> {
                  r.domain(d).closeTimeFilter(f -> f.oldestDate(T0));
                  req.accept(r);
                })
            .executionInfos());
  }

  private static List<WorkflowExecution> closedByStart(
      Consumer<ListClosedWorkflowExecutionsRequest.Builder> req) {
    return executions(
        swf.listClosedWorkflowExecutions(
                r -> {
                  r.domain(d).startTimeFilter(f -> f.oldestDate(T0));
                  req.accept(r);
                })
            .executionInfos());
  }

  private static WorkflowType type(String name, String version) {
    return WorkflowType.builder().name(name).version(version).build();
  }

  // --- open executions ---

  @Test
  void openRunsNewestStartFirstOrReversed() {
    assertThat(open(r -> {})).containsExactlyElementsOf(runs("H2", "F", "E"));
    assertThat(open(r -> r.reverseOrder(true))).containsExactlyElementsOf(runs("E", "F", "H2"));
    assertThat(open(r -> r.reverseOrder(false))).containsExactlyElementsOf(runs("H2", "F", "E"));
  }

  @Test
  void openExecutionInfoShowsTheRun() {
    WorkflowExecutionInfo e =
        swf.listOpenWorkflowExecutions(
                r ->
                    r.domain(d)
                        .startTimeFilter(f -> f.oldestDate(T0))
                        .tagFilter(t -> t.tag("green")))
            .executionInfos()
            .get(0);
    assertThat(e.execution()).isEqualTo(RUNS.get("E"));
    assertThat(e.workflowType()).isEqualTo(type(SwfTestClient.WF, "1"));
    assertThat(e.startTimestamp()).isEqualTo(at(50));
    assertThat(e.closeTimestamp()).isNull();
    assertThat(e.executionStatus()).isEqualTo(ExecutionStatus.OPEN);
    assertThat(e.closeStatus()).isNull();
    assertThat(e.tagList()).containsExactly("green");
    assertThat(e.cancelRequested()).isFalse();
    assertThat(e.parent()).isNull();
  }

  @Test
  void openRunsByStartTimeWindow() {
    assertThat(open(r -> r.startTimeFilter(f -> f.oldestDate(at(55)).latestDate(at(125)))))
        .containsExactlyElementsOf(runs("F"));
    // both ends are inclusive
    assertThat(open(r -> r.startTimeFilter(f -> f.oldestDate(at(50)).latestDate(at(60)))))
        .containsExactlyElementsOf(runs("F", "E"));
    assertThat(open(r -> r.startTimeFilter(f -> f.oldestDate(at(130)))))
        .containsExactlyElementsOf(runs("H2"));
    assertThat(open(r -> r.startTimeFilter(f -> f.oldestDate(at(131))))).isEmpty();
    assertThat(open(r -> r.startTimeFilter(f -> f.oldestDate(Instant.EPOCH).latestDate(at(49)))))
        .isEmpty();
  }

  @Test
  void openRunsByExecutionTypeAndTag() {
    assertThat(open(r -> r.executionFilter(f -> f.workflowId(RUNS.get("H").workflowId()))))
        .containsExactlyElementsOf(runs("H2"));
    assertThat(open(r -> r.executionFilter(f -> f.workflowId(RUNS.get("A").workflowId()))))
        .isEmpty();
    assertThat(open(r -> r.typeFilter(f -> f.name(SwfTestClient.WF))))
        .containsExactlyElementsOf(runs("H2", "F", "E"));
    assertThat(open(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version(""))))
        .containsExactlyElementsOf(runs("H2", "F", "E"));
    assertThat(open(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version("1"))))
        .containsExactlyElementsOf(runs("H2", "E"));
    assertThat(open(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version("2"))))
        .containsExactlyElementsOf(runs("F"));
    assertThat(open(r -> r.typeFilter(f -> f.name("other")))).isEmpty();
    assertThat(open(r -> r.tagFilter(f -> f.tag("green")))).containsExactlyElementsOf(runs("E"));
    assertThat(open(r -> r.tagFilter(f -> f.tag("red")))).isEmpty();
    assertThat(
            open(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version("1")).reverseOrder(true)))
        .containsExactlyElementsOf(runs("E", "H2"));
    // a filter and a window together
    assertThat(
            open(
                r ->
                    r.typeFilter(f -> f.name(SwfTestClient.WF))
                        .startTimeFilter(f -> f.oldestDate(at(55)))))
        .containsExactlyElementsOf(runs("H2", "F"));
  }

  @Test
  void countOpen() {
    var all =
        swf.countOpenWorkflowExecutions(r -> r.domain(d).startTimeFilter(f -> f.oldestDate(T0)));
    assertThat(all.count()).isEqualTo(3);
    assertThat(all.truncated()).isFalse();
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r -> r.domain(d).startTimeFilter(f -> f.oldestDate(at(55)).latestDate(at(125))))
                .count())
        .isEqualTo(1);
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .startTimeFilter(f -> f.oldestDate(T0))
                            .typeFilter(f -> f.name(SwfTestClient.WF).version("1")))
                .count())
        .isEqualTo(2);
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .startTimeFilter(f -> f.oldestDate(T0))
                            .typeFilter(f -> f.name(SwfTestClient.WF)))
                .count())
        .isEqualTo(3);
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .startTimeFilter(f -> f.oldestDate(T0))
                            .tagFilter(f -> f.tag("green")))
                .count())
        .isEqualTo(1);
    assertThat(
            swf.countOpenWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .startTimeFilter(f -> f.oldestDate(T0))
                            .executionFilter(f -> f.workflowId(RUNS.get("H").workflowId())))
                .count())
        .isEqualTo(1);
  }

  // --- closed executions ---

  @Test
  void closedRunsNewestCloseFirstWhenFilteredByCloseTime() {
    assertThat(closedByClose(r -> {}))
        .containsExactlyElementsOf(runs("G", "H", "B", "D", "A", "C"));
    assertThat(closedByClose(r -> r.reverseOrder(true)))
        .containsExactlyElementsOf(runs("C", "A", "D", "B", "H", "G"));
  }

  @Test
  void closedRunsNewestStartFirstWhenFilteredByStartTime() {
    assertThat(closedByStart(r -> {}))
        .containsExactlyElementsOf(runs("H", "G", "D", "C", "B", "A"));
    assertThat(closedByStart(r -> r.reverseOrder(true)))
        .containsExactlyElementsOf(runs("A", "B", "C", "D", "G", "H"));
  }

  @Test
  void closedExecutionInfoShowsHowAndWhenEachClosed() {
    Map<String, Object[]> expected =
        Map.of(
            "A", new Object[] {CloseStatus.COMPLETED, 10, 100},
            "B", new Object[] {CloseStatus.FAILED, 20, 120},
            "C", new Object[] {CloseStatus.TERMINATED, 30, 90},
            "D", new Object[] {CloseStatus.CANCELED, 40, 110},
            "G", new Object[] {CloseStatus.TIMED_OUT, 70, 170},
            "H", new Object[] {CloseStatus.CONTINUED_AS_NEW, 80, 130});
    List<WorkflowExecutionInfo> infos =
        swf.listClosedWorkflowExecutions(r -> r.domain(d).closeTimeFilter(f -> f.oldestDate(T0)))
            .executionInfos();
    assertThat(infos).hasSize(6);
    for (WorkflowExecutionInfo i : infos) {
      String name =
          RUNS.entrySet().stream()
              .filter(e -> e.getValue().equals(i.execution()))
              .findFirst()
              .orElseThrow()
              .getKey();
      Object[] x = expected.get(name);
      assertThat(i.executionStatus()).isEqualTo(ExecutionStatus.CLOSED);
      assertThat(i.closeStatus()).as(name).isEqualTo(x[0]);
      assertThat(i.startTimestamp()).as(name).isEqualTo(at((Integer) x[1]));
      assertThat(i.closeTimestamp()).as(name).isEqualTo(at((Integer) x[2]));
      assertThat(i.cancelRequested()).as(name).isEqualTo(name.equals("D"));
    }
    WorkflowExecutionInfo c =
        infos.stream().filter(i -> i.execution().equals(RUNS.get("C"))).findFirst().orElseThrow();
    assertThat(c.tagList()).containsExactly("red", "blue");
    assertThat(c.workflowType()).isEqualTo(type("other", "1"));
  }

  @Test
  void closedRunsByTimeWindows() {
    assertThat(closedByClose(r -> r.closeTimeFilter(f -> f.oldestDate(at(95)).latestDate(at(125)))))
        .containsExactlyElementsOf(runs("B", "D", "A"));
    // both ends inclusive
    assertThat(closedByClose(r -> r.closeTimeFilter(f -> f.oldestDate(at(90)).latestDate(at(100)))))
        .containsExactlyElementsOf(runs("A", "C"));
    assertThat(
            closedByClose(
                r -> r.closeTimeFilter(f -> f.oldestDate(Instant.EPOCH).latestDate(at(89)))))
        .isEmpty();
    assertThat(closedByClose(r -> r.closeTimeFilter(f -> f.oldestDate(at(171))))).isEmpty();
    assertThat(closedByStart(r -> r.startTimeFilter(f -> f.oldestDate(at(15)).latestDate(at(45)))))
        .containsExactlyElementsOf(runs("D", "C", "B"));
    assertThat(
            closedByStart(
                r ->
                    r.startTimeFilter(f -> f.oldestDate(at(15)).latestDate(at(45)))
                        .reverseOrder(true)))
        .containsExactlyElementsOf(runs("B", "C", "D"));
    // open runs started in the window are not closed runs
    assertThat(closedByStart(r -> r.startTimeFilter(f -> f.oldestDate(at(50)).latestDate(at(60)))))
        .isEmpty();
  }

  @Test
  void closedRunsByCloseStatus() {
    Map<CloseStatus, String> one =
        Map.of(
            CloseStatus.COMPLETED,
            "A",
            CloseStatus.FAILED,
            "B",
            CloseStatus.TERMINATED,
            "C",
            CloseStatus.CANCELED,
            "D",
            CloseStatus.TIMED_OUT,
            "G",
            CloseStatus.CONTINUED_AS_NEW,
            "H");
    for (Map.Entry<CloseStatus, String> e : one.entrySet()) {
      assertThat(closedByClose(r -> r.closeStatusFilter(f -> f.status(e.getKey()))))
          .as(e.getKey().toString())
          .containsExactlyElementsOf(runs(e.getValue()));
      assertThat(closedByStart(r -> r.closeStatusFilter(f -> f.status(e.getKey()))))
          .as(e.getKey().toString())
          .containsExactlyElementsOf(runs(e.getValue()));
      assertThat(
              swf.countClosedWorkflowExecutions(
                      r ->
                          r.domain(d)
                              .closeTimeFilter(f -> f.oldestDate(T0))
                              .closeStatusFilter(f -> f.status(e.getKey())))
                  .count())
          .isEqualTo(1);
    }
    assertThat(
            closedByClose(
                r ->
                    r.closeStatusFilter(f -> f.status(CloseStatus.COMPLETED))
                        .closeTimeFilter(f -> f.oldestDate(at(101)))))
        .isEmpty();
  }

  @Test
  void closedRunsByExecutionTypeAndTag() {
    assertThat(closedByClose(r -> r.executionFilter(f -> f.workflowId(RUNS.get("H").workflowId()))))
        .containsExactlyElementsOf(runs("H"));
    assertThat(closedByClose(r -> r.executionFilter(f -> f.workflowId(RUNS.get("E").workflowId()))))
        .isEmpty();
    assertThat(closedByClose(r -> r.typeFilter(f -> f.name("other"))))
        .containsExactlyElementsOf(runs("C"));
    assertThat(closedByClose(r -> r.typeFilter(f -> f.name(SwfTestClient.WF))))
        .containsExactlyElementsOf(runs("G", "H", "B", "D", "A"));
    assertThat(closedByStart(r -> r.typeFilter(f -> f.name(SwfTestClient.WF))))
        .containsExactlyElementsOf(runs("H", "G", "D", "B", "A"));
    assertThat(closedByClose(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version("2"))))
        .containsExactlyElementsOf(runs("B"));
    assertThat(closedByClose(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version("1"))))
        .containsExactlyElementsOf(runs("G", "H", "D", "A"));
    assertThat(closedByClose(r -> r.typeFilter(f -> f.name(SwfTestClient.WF).version("3"))))
        .isEmpty();
    assertThat(closedByClose(r -> r.tagFilter(f -> f.tag("red"))))
        .containsExactlyElementsOf(runs("A", "C"));
    assertThat(closedByClose(r -> r.tagFilter(f -> f.tag("blue"))))
        .containsExactlyElementsOf(runs("B", "C"));
    assertThat(closedByStart(r -> r.tagFilter(f -> f.tag("blue"))))
        .containsExactlyElementsOf(runs("C", "B"));
    assertThat(closedByClose(r -> r.tagFilter(f -> f.tag("green")))).isEmpty();
    assertThat(
            closedByClose(
                r -> r.tagFilter(f -> f.tag("red")).closeTimeFilter(f -> f.oldestDate(at(95)))))
        .containsExactlyElementsOf(runs("A"));
  }

  @Test
  void countClosed() {
    var all =
        swf.countClosedWorkflowExecutions(r -> r.domain(d).closeTimeFilter(f -> f.oldestDate(T0)));
    assertThat(all.count()).isEqualTo(6);
    assertThat(all.truncated()).isFalse();
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r -> r.domain(d).startTimeFilter(f -> f.oldestDate(T0)))
                .count())
        .isEqualTo(6);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r -> r.domain(d).startTimeFilter(f -> f.oldestDate(at(15)).latestDate(at(45))))
                .count())
        .isEqualTo(3);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r -> r.domain(d).closeTimeFilter(f -> f.oldestDate(at(95)).latestDate(at(125))))
                .count())
        .isEqualTo(3);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .closeTimeFilter(f -> f.oldestDate(T0))
                            .typeFilter(f -> f.name(SwfTestClient.WF)))
                .count())
        .isEqualTo(5);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .closeTimeFilter(f -> f.oldestDate(T0))
                            .typeFilter(f -> f.name(SwfTestClient.WF).version("2")))
                .count())
        .isEqualTo(1);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .closeTimeFilter(f -> f.oldestDate(T0))
                            .tagFilter(f -> f.tag("red")))
                .count())
        .isEqualTo(2);
    assertThat(
            swf.countClosedWorkflowExecutions(
                    r ->
                        r.domain(d)
                            .closeTimeFilter(f -> f.oldestDate(T0))
                            .executionFilter(f -> f.workflowId(RUNS.get("H").workflowId())))
                .count())
        .isEqualTo(1);
  }

  // --- request rules ---

  @Test
  void atMostOneFilter() {
    assertThat(
            message(
                validation(
                    () ->
                        swf.listOpenWorkflowExecutions(
                            r ->
                                r.domain(d)
                                    .startTimeFilter(f -> f.oldestDate(T0))
                                    .typeFilter(f -> f.name(SwfTestClient.WF))
                                    .tagFilter(f -> f.tag("red"))))))
        .isNotBlank();
    validation(
        () ->
            swf.listOpenWorkflowExecutions(
                r ->
                    r.domain(d)
                        .startTimeFilter(f -> f.oldestDate(T0))
                        .executionFilter(f -> f.workflowId("x"))
                        .typeFilter(f -> f.name(SwfTestClient.WF))));
    validation(
        () ->
            swf.countOpenWorkflowExecutions(
                r ->
                    r.domain(d)
                        .startTimeFilter(f -> f.oldestDate(T0))
                        .executionFilter(f -> f.workflowId("x"))
                        .tagFilter(f -> f.tag("red"))));
    validation(
        () ->
            swf.listClosedWorkflowExecutions(
                r ->
                    r.domain(d)
                        .closeTimeFilter(f -> f.oldestDate(T0))
                        .closeStatusFilter(f -> f.status(CloseStatus.COMPLETED))
                        .tagFilter(f -> f.tag("red"))));
    validation(
        () ->
            swf.listClosedWorkflowExecutions(
                r ->
                    r.domain(d)
                        .closeTimeFilter(f -> f.oldestDate(T0))
                        .closeStatusFilter(f -> f.status(CloseStatus.COMPLETED))
                        .typeFilter(f -> f.name(SwfTestClient.WF))));
    validation(
        () ->
            swf.countClosedWorkflowExecutions(
                r ->
                    r.domain(d)
                        .closeTimeFilter(f -> f.oldestDate(T0))
                        .executionFilter(f -> f.workflowId("x"))
                        .closeStatusFilter(f -> f.status(CloseStatus.FAILED))));
  }

  @Test
  void closedNeedsExactlyOneTimeFilter() {
    validation(
        () ->
            swf.listClosedWorkflowExecutions(
                r ->
                    r.domain(d)
                        .closeTimeFilter(f -> f.oldestDate(T0))
                        .startTimeFilter(f -> f.oldestDate(T0))));
    validation(() -> swf.listClosedWorkflowExecutions(r -> r.domain(d)));
    validation(
        () ->
            swf.countClosedWorkflowExecutions(
                r ->
                    r.domain(d)
                        .closeTimeFilter(f -> f.oldestDate(T0))
                        .startTimeFilter(f -> f.oldestDate(T0))));
    validation(() -> swf.countClosedWorkflowExecutions(r -> r.domain(d)));
    // open runs need their start time filter (a required member)
    message(validation(() -> swf.listOpenWorkflowExecutions(r -> r.domain(d))));
    validation(() -> swf.countOpenWorkflowExecutions(r -> r.domain(d)));
  }

  @Test
  void pageSizeTokensAndDomain() {
    validation(
        () ->
            swf.listClosedWorkflowExecutions(
                r -> r.domain(d).closeTimeFilter(f -> f.oldestDate(T0)).maximumPageSize(1001)));
    assertThat(
            message(
                validation(
                    () ->
                        swf.listClosedWorkflowExecutions(
                            r ->
                                r.domain(d)
                                    .closeTimeFilter(f -> f.oldestDate(T0))
                                    .nextPageToken("not-a-token")))))
        .isEqualTo("Invalid token");
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.listOpenWorkflowExecutions(
                            r ->
                                r.domain("no-such-domain")
                                    .startTimeFilter(f -> f.oldestDate(T0))))))
        .isEqualTo("Unknown domain: no-such-domain");
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.countClosedWorkflowExecutions(
                            r ->
                                r.domain("no-such-domain")
                                    .closeTimeFilter(f -> f.oldestDate(T0))))))
        .isEqualTo("Unknown domain: no-such-domain");
  }

  // --- pagination ---

  @Test
  void closedPagesByHand() {
    for (boolean reverse : new boolean[] {false, true}) {
      List<WorkflowExecution> all = closedByClose(r -> r.reverseOrder(reverse));
      List<WorkflowExecution> paged = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        String t = token;
        ListClosedWorkflowExecutionsResponse page =
            swf.listClosedWorkflowExecutions(
                r ->
                    r.domain(d)
                        .closeTimeFilter(f -> f.oldestDate(T0))
                        .maximumPageSize(2)
                        .reverseOrder(reverse)
                        .nextPageToken(t));
        assertThat(page.executionInfos().size()).isLessThanOrEqualTo(2);
        paged.addAll(executions(page.executionInfos()));
        token = page.nextPageToken();
        pages++;
      } while (token != null);
      assertThat(pages).isEqualTo(3);
      assertThat(paged).containsExactlyElementsOf(all);
    }
  }

  @Test
  void openPagesByHand() {
    List<WorkflowExecution> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListOpenWorkflowExecutionsResponse page =
          swf.listOpenWorkflowExecutions(
              r ->
                  r.domain(d)
                      .startTimeFilter(f -> f.oldestDate(T0))
                      .maximumPageSize(1)
                      .nextPageToken(t));
      assertThat(page.executionInfos()).hasSize(1);
      paged.addAll(executions(page.executionInfos()));
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(paged).containsExactlyElementsOf(runs("H2", "F", "E"));
  }

  @Test
  void sdkPaginatorsWalkEveryPage() {
    List<WorkflowExecution> closed = new ArrayList<>();
    swf.listClosedWorkflowExecutionsPaginator(
            r -> r.domain(d).startTimeFilter(f -> f.oldestDate(T0)).maximumPageSize(4))
        .executionInfos()
        .forEach(i -> closed.add(i.execution()));
    assertThat(closed).containsExactlyElementsOf(runs("H", "G", "D", "C", "B", "A"));
    List<WorkflowExecution> filtered = new ArrayList<>();
    swf.listClosedWorkflowExecutionsPaginator(
            r ->
                r.domain(d)
                    .closeTimeFilter(f -> f.oldestDate(T0))
                    .maximumPageSize(1)
                    .typeFilter(f -> f.name(SwfTestClient.WF)))
        .executionInfos()
        .forEach(i -> filtered.add(i.execution()));
    assertThat(filtered).containsExactlyElementsOf(runs("G", "H", "B", "D", "A"));
    List<WorkflowExecution> open = new ArrayList<>();
    swf.listOpenWorkflowExecutionsPaginator(
            r ->
                r.domain(d)
                    .startTimeFilter(f -> f.oldestDate(T0))
                    .maximumPageSize(2)
                    .reverseOrder(true))
        .executionInfos()
        .forEach(i -> open.add(i.execution()));
    assertThat(open).containsExactlyElementsOf(runs("E", "F", "H2"));
  }

  @Test
  void runsStartedAtTheSameInstantArePagedWithoutLossOrRepeats() {
    String same = kit.domain("same");
    List<WorkflowExecution> started = new ArrayList<>();
    for (int i = 0; i < 25; i++) started.add(kit.start(same, SwfTestClient.unique("tie")));
    for (boolean reverse : new boolean[] {false, true}) {
      List<WorkflowExecution> paged = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        String t = token;
        ListOpenWorkflowExecutionsResponse page =
            swf.listOpenWorkflowExecutions(
                r ->
                    r.domain(same)
                        .startTimeFilter(f -> f.oldestDate(T0))
                        .maximumPageSize(7)
                        .reverseOrder(reverse)
                        .nextPageToken(t));
        paged.addAll(executions(page.executionInfos()));
        token = page.nextPageToken();
        pages++;
      } while (token != null);
      assertThat(pages).isEqualTo(4);
      assertThat(new HashSet<>(paged)).hasSize(25).containsExactlyInAnyOrderElementsOf(started);
      List<WorkflowExecution> all =
          executions(
              swf.listOpenWorkflowExecutions(
                      r ->
                          r.domain(same)
                              .startTimeFilter(f -> f.oldestDate(T0))
                              .reverseOrder(reverse))
                  .executionInfos());
      assertThat(paged).containsExactlyElementsOf(all);
    }
  }
}
