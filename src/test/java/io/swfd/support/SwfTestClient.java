package io.swfd.support;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.swfd.server.ServerConfig;
import io.swfd.timers.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowExecutionResponse;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionRequest;
import software.amazon.awssdk.services.swf.model.SwfException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowExecution;

/**
 * The one client of the behaviour tests: an SDK v2 {@link SwfClient} on a {@link RunningSwfd} and
 * the steps those tests share. Fresh domains with the types a test needs, starting runs, taking and
 * answering their decision and activity tasks, reading and waiting for history, and asserting the
 * faults an SDK client surfaces (exact exception type, HTTP 400, error code, message). Decisions
 * themselves are built with {@link Decisions}.
 *
 * <p>A run is named either by its {@link WorkflowExecution} and domain, or by a {@link Run} (which
 * also carries its domain and task lists). A run started by {@link #start} or {@link #startRun} has
 * its own decision task list (its workflowId), so a poll only ever sees the run it is meant for and
 * never waits for an empty list.
 */
public final class SwfTestClient implements AutoCloseable {
  /** The workflow type every fresh domain holds (version {@link #V}). */
  public static final String WF = "wf";

  /** The activity type every fresh domain holds (version {@link #V}). */
  public static final String ACT = "act";

  public static final String V = "1";

  /** A workflow type registered without any default (in domains made by {@link #domain}). */
  public static final String BARE = "bare";

  /** The default decision task list of {@link #WF} in domains made by {@link #domain}. */
  public static final String DEFAULT_LIST = "dec";

  /** The default activity task list of {@link #ACT} in domains made by {@link #domain}. */
  public static final String ACTIVITY_LIST = "work";

  /** Where a {@link #manual} clock starts. */
  public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final RunningSwfd swfd;
  private final SwfClient swf;
  private final ManualClock clock;
  private final boolean ownsServer;

  private SwfTestClient(RunningSwfd swfd, ManualClock clock, boolean ownsServer) {
    this.swfd = swfd;
    this.swf = swfd.client();
    this.clock = clock;
    this.ownsServer = ownsServer;
  }

  /** A client on a server the caller owns (and closes); {@link #close} closes the client only. */
  public SwfTestClient(RunningSwfd swfd) {
    this(swfd, null, false);
  }

  /** A client on a server the caller owns that runs on {@code clock}: {@link #advance} moves it. */
  public SwfTestClient(RunningSwfd swfd, ManualClock clock) {
    this(swfd, clock, false);
  }

  /** A server of its own on the system clock, holding empty polls 1 s; closed with the client. */
  public static SwfTestClient system() {
    return system(Duration.ofSeconds(1));
  }

  public static SwfTestClient system(Duration pollHold) {
    return new SwfTestClient(
        new RunningSwfd(ServerConfig.defaults().withPollTimeout(pollHold), InstantSource.system()),
        null,
        true);
  }

  /**
   * A server of its own on a {@link ManualClock} starting at {@link #T0}, holding empty polls 1 s;
   * closed with the client.
   */
  public static SwfTestClient manual() {
    return manual(Duration.ofSeconds(1));
  }

  public static SwfTestClient manual(Duration pollHold) {
    ManualClock clock = new ManualClock(T0);
    return new SwfTestClient(
        new RunningSwfd(ServerConfig.defaults().withPollTimeout(pollHold), clock), clock, true);
  }

  @Override
  public void close() {
    swf.close();
    if (ownsServer) swfd.close();
  }

  /** The SDK client, for the calls this class has no step for. */
  public SwfClient swf() {
    return swf;
  }

  public RunningSwfd swfd() {
    return swfd;
  }

  /** The server's manual clock ({@link #manual()} or the two-argument constructor). */
  public ManualClock clock() {
    if (clock == null) throw new IllegalStateException("this server runs on the system clock");
    return clock;
  }

  public void advance(Duration d) {
    clock().advance(d);
  }

  /** {@code prefix-N}, unique in this JVM. */
  public static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  // --- domains ---

  /**
   * A fresh domain (retention 1 day) with: {@link #WF}/1 with every default (task list {@link
   * #DEFAULT_LIST}, 3600 s, 300 s, TERMINATE), {@link #BARE}/1 with none, and {@link #ACT}/1 with
   * every default (task list {@link #ACTIVITY_LIST}, schedule-to-start 600 s, schedule-to-close
   * 1200 s, start-to-close 600 s, no heartbeat timeout).
   */
  public String domain(String prefix) {
    return domain(prefix, "1");
  }

  public String domain(String prefix, String retentionDays) {
    String d = unique(prefix);
    swf.registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays(retentionDays));
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(WF)
                .version(V)
                .defaultTaskList(t -> t.name(DEFAULT_LIST))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultChildPolicy("TERMINATE"));
    swf.registerWorkflowType(r -> r.domain(d).name(BARE).version(V));
    swf.registerActivityType(
        r ->
            r.domain(d)
                .name(ACT)
                .version(V)
                .defaultTaskList(t -> t.name(ACTIVITY_LIST))
                .defaultTaskScheduleToStartTimeout("600")
                .defaultTaskScheduleToCloseTimeout("1200")
                .defaultTaskStartToCloseTimeout("600")
                .defaultTaskHeartbeatTimeout("NONE"));
    return d;
  }

  /**
   * A fresh domain (retention 1 day) for timeout tests: {@link #WF}/1 with no default task list, a
   * year's execution timeout, no task timeout and TERMINATE; {@link #ACT}/1 with no default at all,
   * so every decision scheduling it states its task list and four timeouts.
   */
  public String domainWithoutActivityDefaults(String prefix) {
    String d = unique(prefix);
    swf.registerDomain(r -> r.name(d).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        r ->
            r.domain(d)
                .name(WF)
                .version(V)
                .defaultExecutionStartToCloseTimeout("31536000")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultChildPolicy("TERMINATE"));
    swf.registerActivityType(r -> r.domain(d).name(ACT).version(V));
    return d;
  }

  // --- starting runs ---

  /** A started run: its domain, and the task lists its decisions and activities go to. */
  public record Run(
      String domain, String workflowId, String runId, String decisions, String activities) {
    public WorkflowExecution execution() {
      return exec(workflowId, runId);
    }
  }

  /** Starts {@link #WF}/1 with its decision task list = workflowId. */
  public WorkflowExecution start(String domain, String workflowId) {
    return start(domain, workflowId, r -> {});
  }

  /** Starts {@link #WF}/1 with its decision task list = workflowId, then {@code more}. */
  public WorkflowExecution start(
      String domain, String workflowId, Consumer<StartWorkflowExecutionRequest.Builder> more) {
    String runId =
        swf.startWorkflowExecution(
                r -> {
                  r.domain(domain)
                      .workflowId(workflowId)
                      .workflowType(t -> t.name(WF).version(V))
                      .taskList(t -> t.name(workflowId));
                  more.accept(r);
                })
            .runId();
    return exec(workflowId, runId);
  }

  /** Starts {@link #WF}/1 with no task list: its decision tasks go to the type's default list. */
  public WorkflowExecution startOnDefaultList(String domain, String workflowId) {
    String runId =
        swf.startWorkflowExecution(
                r ->
                    r.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(t -> t.name(WF).version(V)))
            .runId();
    return exec(workflowId, runId);
  }

  /**
   * Starts {@link #WF}/1 under a fresh workflowId ({@code w-N}), its decision task list =
   * workflowId, its activities (by {@link Decisions#schedule(Run, String, String, String, String,
   * String)}) on workflowId + "-act".
   */
  public Run startRun(String domain) {
    return startRun(domain, r -> {});
  }

  public Run startRun(String domain, Consumer<StartWorkflowExecutionRequest.Builder> more) {
    return startRun(domain, unique("w"), more);
  }

  public Run startRun(
      String domain, String workflowId, Consumer<StartWorkflowExecutionRequest.Builder> more) {
    WorkflowExecution e = start(domain, workflowId, more);
    return new Run(domain, workflowId, e.runId(), workflowId, workflowId + "-act");
  }

  public static WorkflowExecution exec(String workflowId, String runId) {
    return WorkflowExecution.builder().workflowId(workflowId).runId(runId).build();
  }

  // --- decision tasks ---

  /** One poll on a list (identity "decider"); the task may be empty. */
  public PollForDecisionTaskResponse poll(String domain, String list) {
    return swf.pollForDecisionTask(
        r -> r.domain(domain).taskList(t -> t.name(list)).identity("decider"));
  }

  /** A decision task that must be waiting on the list. */
  public PollForDecisionTaskResponse decisionTask(String domain, String list) {
    PollForDecisionTaskResponse t = poll(domain, list);
    assertThat(t.taskToken()).as("a decision task on %s/%s", domain, list).isNotNull();
    return t;
  }

  /** A decision task that must be waiting on {@link #DEFAULT_LIST}. */
  public PollForDecisionTaskResponse decisionTask(String domain) {
    return decisionTask(domain, DEFAULT_LIST);
  }

  /** The decision task of a run started by {@link #start} (its list is its workflowId). */
  public PollForDecisionTaskResponse decisionTask(String domain, WorkflowExecution e) {
    PollForDecisionTaskResponse t = decisionTask(domain, e.workflowId());
    assertThat(t.workflowExecution()).isEqualTo(e);
    return t;
  }

  /** The run's decision task, its whole history on one page. */
  public PollForDecisionTaskResponse decisionTask(Run run) {
    return decisionTask(run, "decider");
  }

  public PollForDecisionTaskResponse decisionTask(Run run, String identity) {
    PollForDecisionTaskResponse d =
        swf.pollForDecisionTask(
            r ->
                r.domain(run.domain())
                    .taskList(t -> t.name(run.decisions()))
                    .identity(identity)
                    .maximumPageSize(1000));
    assertThat(d.taskToken()).as("a decision task for %s", run.workflowId()).isNotBlank();
    assertThat(d.workflowExecution().runId()).isEqualTo(run.runId());
    return d;
  }

  public void respond(String token, Decision... decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(token).decisions(decisions));
  }

  public void respond(String token, List<Decision> decisions) {
    swf.respondDecisionTaskCompleted(r -> r.taskToken(token).decisions(decisions));
  }

  public void respond(PollForDecisionTaskResponse task, Decision... decisions) {
    respond(task.taskToken(), decisions);
  }

  /** Takes the run's pending decision task and answers it. */
  public void decide(String domain, WorkflowExecution e, Decision... decisions) {
    respond(decisionTask(domain, e), decisions);
  }

  /** Takes the run's pending decision task and answers it. */
  public void decide(Run run, Decision... decisions) {
    respond(decisionTask(run), decisions);
  }

  public int pendingDecisions(String domain, String list) {
    return swf.countPendingDecisionTasks(r -> r.domain(domain).taskList(t -> t.name(list))).count();
  }

  // --- activity tasks ---

  /** An activity task that must be waiting on the list (identity "worker"). */
  public PollForActivityTaskResponse activityTask(String domain, String list) {
    PollForActivityTaskResponse t =
        swf.pollForActivityTask(
            r -> r.domain(domain).taskList(l -> l.name(list)).identity("worker"));
    assertThat(t.taskToken()).as("an activity task on %s/%s", domain, list).isNotNull();
    return t;
  }

  /** An activity task that must be waiting on the run's activity list. */
  public PollForActivityTaskResponse activityTask(Run run) {
    PollForActivityTaskResponse a = activityTask(run.domain(), run.activities());
    assertThat(a.taskToken()).as("an activity task for %s", run.workflowId()).isNotBlank();
    return a;
  }

  public int pendingActivities(String domain, String list) {
    return swf.countPendingActivityTasks(r -> r.domain(domain).taskList(t -> t.name(list))).count();
  }

  public int pendingActivities(Run run) {
    return pendingActivities(run.domain(), run.activities());
  }

  /**
   * The heartbeat, the completion and the failure of a closed activity task are all refused the
   * same way: UnknownResourceFault "Unknown activity, scheduledEventId = N".
   */
  public void assertActivityTokenVoid(String token, long scheduledEventId) {
    String expected = "Unknown activity, scheduledEventId = " + scheduledEventId;
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.recordActivityTaskHeartbeat(r -> r.taskToken(token).details("late")))))
        .isEqualTo(expected);
    assertThat(
            message(
                unknownResource(
                    () ->
                        swf.respondActivityTaskCompleted(r -> r.taskToken(token).result("late")))))
        .isEqualTo(expected);
    assertThat(
            message(
                unknownResource(
                    () -> swf.respondActivityTaskFailed(r -> r.taskToken(token).reason("late")))))
        .isEqualTo(expected);
  }

  // --- runs and their history ---

  public DescribeWorkflowExecutionResponse describe(String domain, WorkflowExecution e) {
    return swf.describeWorkflowExecution(r -> r.domain(domain).execution(e));
  }

  /** The open run of a workflowId, as ListOpenWorkflowExecutions shows it. */
  public WorkflowExecution openRun(String domain, String workflowId) {
    var infos =
        swf.listOpenWorkflowExecutions(
                r ->
                    r.domain(domain)
                        .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))
                        .executionFilter(f -> f.workflowId(workflowId)))
            .executionInfos();
    assertThat(infos).as("open runs of %s", workflowId).hasSize(1);
    return infos.get(0).execution();
  }

  /** The run's whole history, oldest first, read page by page. */
  public List<HistoryEvent> history(String domain, WorkflowExecution e) {
    List<HistoryEvent> all = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(
            r -> r.domain(domain).execution(e).maximumPageSize(1000))
        .forEach(p -> all.addAll(p.events()));
    return all;
  }

  public List<HistoryEvent> history(Run run) {
    return history(run.domain(), run.execution());
  }

  public List<HistoryEvent> events(String domain, WorkflowExecution e, EventType type) {
    return history(domain, e).stream().filter(x -> x.eventType() == type).toList();
  }

  public List<HistoryEvent> events(Run run, EventType type) {
    return events(run.domain(), run.execution(), type);
  }

  /** Waits (up to 10 s) until the run has an event of that type; returns the first. */
  public HistoryEvent await(String domain, WorkflowExecution e, EventType type) {
    Awaitility.await()
        .atMost(10, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(() -> !events(domain, e, type).isEmpty());
    return events(domain, e, type).get(0);
  }

  /**
   * Waits (a deadline fires on the timer thread) until the run has {@code n} events of that type,
   * asserts it has exactly {@code n}, and returns the last.
   */
  public HistoryEvent awaitEvent(Run run, EventType type, int n) {
    Awaitility.await()
        .atMost(10, SECONDS)
        .pollInterval(20, MILLISECONDS)
        .until(() -> events(run, type).size() >= n);
    List<HistoryEvent> found = events(run, type);
    assertThat(found).as("%s events", type).hasSize(n);
    return found.get(n - 1);
  }

  /** Waits until the run has an event of that type, asserts it has exactly one, returns it. */
  public HistoryEvent awaitEvent(Run run, EventType type) {
    return awaitEvent(run, type, 1);
  }

  /**
   * The history does not change for a while (something that must not happen, a deadline that must
   * not fire, has had its chance).
   */
  public void assertHistoryStays(String domain, WorkflowExecution e, int size) {
    Awaitility.await()
        .during(400, MILLISECONDS)
        .atMost(3, SECONDS)
        .pollInterval(50, MILLISECONDS)
        .until(() -> history(domain, e).size() == size);
  }

  public void assertHistoryStays(Run run, int size) {
    assertHistoryStays(run.domain(), run.execution(), size);
  }

  // --- reading histories ---

  public static List<EventType> types(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::eventType).toList();
  }

  public static HistoryEvent last(List<HistoryEvent> events) {
    return events.get(events.size() - 1);
  }

  /** The events after the first {@code n}. */
  public static List<HistoryEvent> after(List<HistoryEvent> events, int n) {
    return events.subList(n, events.size());
  }

  /** The event right after {@code e}. */
  public static HistoryEvent after(List<HistoryEvent> events, HistoryEvent e) {
    return events.stream().filter(x -> x.eventId() == e.eventId() + 1).findFirst().orElseThrow();
  }

  /** The event with this id (a whole history's events are numbered from 1). */
  public static HistoryEvent event(List<HistoryEvent> events, long eventId) {
    HistoryEvent e = events.get((int) eventId - 1);
    assertThat(e.eventId()).isEqualTo(eventId);
    return e;
  }

  /**
   * {@link Duration#ofSeconds}, for advancing a clock by the seconds a test's timeouts are stated
   * in (Error Prone's CanonicalDuration would have {@code ofSeconds(60)} be {@code ofMinutes(1)}).
   */
  public static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  // --- faults ---

  /**
   * Runs the call, asserts it failed with exactly this SDK exception type, HTTP 400 and this error
   * code (the part after '#' in {@code __type}), and returns the exception for further checks.
   */
  public static <T extends SwfException> T fault(
      Class<T> type, String code, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s", code).isExactlyInstanceOf(type);
    T e = type.cast(t);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    return e;
  }

  /** A fault the SWF model does not declare (ValidationException, ...): a plain SwfException. */
  public static SwfException generic(String code, ThrowingCallable call) {
    return fault(SwfException.class, code, call);
  }

  public static SwfException validation(ThrowingCallable call) {
    return generic("ValidationException", call);
  }

  public static UnknownResourceException unknownResource(ThrowingCallable call) {
    return fault(UnknownResourceException.class, "UnknownResourceFault", call);
  }

  /** The service's message, without the SDK's "(Service: ..., Status Code: ...)" suffix. */
  public static String message(AwsServiceException e) {
    return e.awsErrorDetails().errorMessage();
  }

  /** SWF's message for an execution it does not know. */
  public static String unknownExecution(WorkflowExecution e) {
    return "Unknown execution: WorkflowExecution=[workflowId="
        + e.workflowId()
        + ", runId="
        + e.runId()
        + "]";
  }
}
