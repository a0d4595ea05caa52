package io.swfd.executions.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.simpleworkflow.flow.ActivityExecutionContext;
import com.amazonaws.services.simpleworkflow.flow.ActivityFailureException;
import com.amazonaws.services.simpleworkflow.flow.ActivityTaskFailedException;
import com.amazonaws.services.simpleworkflow.flow.DecisionContext;
import com.amazonaws.services.simpleworkflow.flow.WorkflowTypeRegistrationOptions;
import com.amazonaws.services.simpleworkflow.flow.core.Functor;
import com.amazonaws.services.simpleworkflow.flow.core.Promise;
import com.amazonaws.services.simpleworkflow.flow.core.Settable;
import com.amazonaws.services.simpleworkflow.flow.core.Task;
import com.amazonaws.services.simpleworkflow.flow.core.TryCatch;
import com.amazonaws.services.simpleworkflow.flow.generic.ActivityImplementation;
import com.amazonaws.services.simpleworkflow.flow.generic.ActivityImplementationBase;
import com.amazonaws.services.simpleworkflow.flow.generic.ActivityImplementationFactory;
import com.amazonaws.services.simpleworkflow.flow.generic.ExecuteActivityParameters;
import com.amazonaws.services.simpleworkflow.flow.generic.GenericActivityClient;
import com.amazonaws.services.simpleworkflow.flow.generic.SignalExternalWorkflowParameters;
import com.amazonaws.services.simpleworkflow.flow.generic.StartWorkflowExecutionParameters;
import com.amazonaws.services.simpleworkflow.flow.generic.WorkflowDefinition;
import com.amazonaws.services.simpleworkflow.flow.generic.WorkflowDefinitionFactory;
import com.amazonaws.services.simpleworkflow.flow.generic.WorkflowDefinitionFactoryFactory;
import com.amazonaws.services.simpleworkflow.flow.model.ActivityType;
import com.amazonaws.services.simpleworkflow.flow.model.WorkflowExecution;
import com.amazonaws.services.simpleworkflow.flow.model.WorkflowType;
import com.amazonaws.services.simpleworkflow.flow.worker.ActivityTypeExecutionOptions;
import com.amazonaws.services.simpleworkflow.flow.worker.ActivityTypeRegistrationOptions;
import com.amazonaws.services.simpleworkflow.flow.worker.GenericActivityWorker;
import com.amazonaws.services.simpleworkflow.flow.worker.GenericWorkflowClientExternalImpl;
import com.amazonaws.services.simpleworkflow.flow.worker.GenericWorkflowWorker;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskRequest;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * AWS Flow Framework for Java 2.0 (aws-java-sdk-swf-libraries, built on SDK v2) driving swfd
 * through its generic (annotation-free) workers: the framework registers the domain and the types
 * on start, its decider replays history and schedules activities through {@code
 * GenericActivityClient}, its activity worker polls, heartbeats, completes and fails tasks, and the
 * workflows complete with the results.
 */
class FlowFrameworkTest {
  static final String DOMAIN = "flow-e2e";
  static final String DECISION_LIST = "flow-decisions";
  static final String ACTIVITY_LIST = "flow-activities";
  static final WorkflowType GREETER = WorkflowType.builder().name("Greeter").version("1.0").build();
  static final WorkflowType FAN_OUT = WorkflowType.builder().name("FanOut").version("1.0").build();
  static final WorkflowType WAITER = WorkflowType.builder().name("Waiter").version("1.0").build();
  static final WorkflowType PARENT = WorkflowType.builder().name("Parent").version("1.0").build();
  static final ActivityType SHOUT =
      ActivityType.builder().name("Activities.shout").version("1.0").build();
  static final ActivityType FAIL =
      ActivityType.builder().name("Activities.fail").version("1.0").build();

  /**
   * More than Flow's 100 decisions per completion: it then adds its FORCE_IMMEDIATE_DECISION timer
   * of "0" s.
   */
  static final int FAN_OUT_WIDTH = 130;

  static RunningSwfd swfd;
  static SwfClient swf;

  /** The decider's own client, which counts the history pages it fetched with a nextPageToken. */
  static SwfClient deciderClient;

  static final java.util.concurrent.atomic.AtomicInteger deciderPagePolls =
      new java.util.concurrent.atomic.AtomicInteger();
  static GenericWorkflowWorker decider;
  static GenericActivityWorker worker;
  static final List<Throwable> workerErrors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)), InstantSource.system());
    swf = swfd.client();
    deciderClient =
        SwfClient.builder()
            .endpointOverride(swfd.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFLOW", "secret")))
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
            .overrideConfiguration(
                o ->
                    o.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution context, ExecutionAttributes attributes) {
                            if (context.request() instanceof PollForDecisionTaskRequest q
                                && q.nextPageToken() != null) {
                              deciderPagePolls.incrementAndGet();
                            }
                          }
                        }))
            .build();

    Map<WorkflowType, Function<DecisionContext, WorkflowDefinition>> workflows =
        Map.of(
            GREETER,
            Greeter::new,
            FAN_OUT,
            FanOut::new,
            WAITER,
            c -> new Waiter(),
            PARENT,
            Parent::new);
    decider = new GenericWorkflowWorker(deciderClient, DOMAIN, DECISION_LIST);
    decider.setRegisterDomain(true);
    decider.setDomainRetentionPeriodInDays(1);
    decider.setDisableServiceShutdownOnStop(true);
    decider.setIdentity("flow-decider");
    decider.setUncaughtExceptionHandler((t, e) -> workerErrors.add(e));
    decider.setWorkflowDefinitionFactoryFactory(
        new WorkflowDefinitionFactoryFactory() {
          @Override
          public WorkflowDefinitionFactory getWorkflowDefinitionFactory(WorkflowType type) {
            Function<DecisionContext, WorkflowDefinition> f = workflows.get(type);
            return f == null ? null : new Factory(type, f);
          }

          @Override
          public Iterable<WorkflowType> getWorkflowTypesToRegister() {
            return workflows.keySet();
          }
        });

    worker = new GenericActivityWorker(swf, DOMAIN, ACTIVITY_LIST);
    worker.setDisableServiceShutdownOnStop(true);
    worker.setIdentity("flow-worker");
    worker.setUncaughtExceptionHandler((t, e) -> workerErrors.add(e));
    worker.setActivityImplementationFactory(
        new ActivityImplementationFactory() {
          @Override
          public Iterable<ActivityType> getActivityTypesToRegister() {
            return List.of(SHOUT, FAIL);
          }

          @Override
          public ActivityImplementation getActivityImplementation(ActivityType type) {
            return SHOUT.equals(type) ? new Shout() : FAIL.equals(type) ? new Fail() : null;
          }
        });

    decider.start(); // registers the domain and the workflow types
    worker.start(); // registers the activity types
  }

  @AfterAll
  static void stop() throws InterruptedException {
    decider.shutdownNow();
    worker.shutdownNow();
    decider.awaitTermination(3, TimeUnit.SECONDS);
    worker.awaitTermination(3, TimeUnit.SECONDS);
    swf.close();
    deciderClient.close();
    swfd.close();
  }

  static ExecuteActivityParameters activity(ActivityType type, String id, String input) {
    return new ExecuteActivityParameters()
        .withActivityType(type)
        .withActivityId(id)
        .withInput(input)
        .withTaskList(ACTIVITY_LIST)
        .withScheduleToStartTimeoutSeconds(30)
        .withStartToCloseTimeoutSeconds(30)
        .withScheduleToCloseTimeoutSeconds(60)
        .withHeartbeatTimeoutSeconds(20);
  }

  /** Schedules one activity with the workflow's input and completes with its result. */
  static final class Greeter extends WorkflowDefinition {
    private final DecisionContext context;

    Greeter(DecisionContext context) {
      this.context = context;
    }

    @Override
    public Promise<String> execute(String input) {
      return context.getActivityClient().scheduleActivityTask(activity(SHOUT, "shout-1", input));
    }

    @Override
    public void signalRecieved(String signalName, String input) {}

    @Override
    public String getWorkflowState() {
      return "running";
    }
  }

  /**
   * Schedules FAN_OUT_WIDTH activities at once (more than one completion may carry), a 1 s timer,
   * and an activity that fails (caught); completes with the concatenated results, the caught
   * failure and the timer.
   */
  static final class FanOut extends WorkflowDefinition {
    private final DecisionContext context;

    FanOut(DecisionContext context) {
      this.context = context;
    }

    @Override
    public Promise<String> execute(String input) {
      GenericActivityClient activities = context.getActivityClient();
      List<Promise<String>> parts = new ArrayList<>();
      for (int i = 0; i < FAN_OUT_WIDTH; i++) {
        parts.add(activities.scheduleActivityTask(activity(SHOUT, "part-" + i, "p" + i)));
      }
      Promise<String> timer = context.getWorkflowClock().createTimer(1, "timer-fired");
      Settable<String> failure = new Settable<>();
      new TryCatch() {
        @Override
        protected void doTry() {
          Promise<String> r = activities.scheduleActivityTask(activity(FAIL, "fail-1", "x"));
          new Task(r) {
            @Override
            protected void doExecute() {
              failure.set("unexpected success " + r.get());
            }
          };
        }

        @Override
        protected void doCatch(Throwable e) {
          failure.set(
              e instanceof ActivityTaskFailedException f
                  ? "caught " + f.getActivityId() + "/" + f.getDetails()
                  : "unexpected " + e);
        }
      };
      List<Promise<?>> all = new ArrayList<>(parts);
      all.add(timer);
      all.add(failure);
      return new Functor<String>(all.toArray(new Promise<?>[0])) {
        @Override
        protected Promise<String> doExecute() {
          StringBuilder b = new StringBuilder();
          for (Promise<String> p : parts) b.append(p.get()).append(',');
          return Promise.asPromise(b + failure.get() + "," + timer.get());
        }
      };
    }

    @Override
    public void signalRecieved(String signalName, String input) {}

    @Override
    public String getWorkflowState() {
      return "running";
    }
  }

  /** Runs a Greeter as a child workflow and completes with its result, wrapped. */
  static final class Parent extends WorkflowDefinition {
    private final DecisionContext context;

    Parent(DecisionContext context) {
      this.context = context;
    }

    @Override
    public Promise<String> execute(String input) {
      String childId =
          context.getWorkflowContext().getWorkflowExecution().getWorkflowId() + "-child";
      Promise<com.amazonaws.services.simpleworkflow.flow.generic.StartChildWorkflowReply> reply =
          context
              .getWorkflowClient()
              .startChildWorkflow(
                  new com.amazonaws.services.simpleworkflow.flow.generic
                          .StartChildWorkflowExecutionParameters()
                      .withWorkflowId(childId)
                      .withWorkflowType(GREETER)
                      .withInput(input));
      return new Functor<String>(reply) {
        @Override
        protected Promise<String> doExecute() {
          Promise<String> result = reply.get().getResult();
          return new Functor<String>(result) {
            @Override
            protected Promise<String> doExecute() {
              return Promise.asPromise("parent(" + result.get() + ")");
            }
          };
        }
      };
    }

    @Override
    public void signalRecieved(String signalName, String input) {}

    @Override
    public String getWorkflowState() {
      return null;
    }
  }

  /**
   * Waits for the signal "go" and completes with its input; its state (the execution context) says
   * where it is.
   */
  static final class Waiter extends WorkflowDefinition {
    private final Settable<String> go = new Settable<>();

    @Override
    public Promise<String> execute(String input) {
      // a task waiting on the signal keeps the root scope (and so the run) open; a bare Settable
      // would not
      return new Functor<String>(go) {
        @Override
        protected Promise<String> doExecute() {
          return Promise.asPromise(go.get());
        }
      };
    }

    @Override
    public void signalRecieved(String signalName, String input) {
      if (signalName.equals("go") && !go.isReady()) go.set(input);
    }

    @Override
    public String getWorkflowState() {
      return go.isReady() ? "got " + go.get() : "waiting";
    }
  }

  static final class Factory extends WorkflowDefinitionFactory {
    private final WorkflowType type;
    private final Function<DecisionContext, WorkflowDefinition> create;

    Factory(WorkflowType type, Function<DecisionContext, WorkflowDefinition> create) {
      this.type = type;
      this.create = create;
    }

    @Override
    public WorkflowTypeRegistrationOptions getWorkflowRegistrationOptions() {
      WorkflowTypeRegistrationOptions o = new WorkflowTypeRegistrationOptions();
      o.setDefaultTaskList(DECISION_LIST);
      o.setDefaultExecutionStartToCloseTimeoutSeconds(300);
      o.setDefaultTaskStartToCloseTimeoutSeconds(30);
      o.setDescription("flow framework e2e");
      return o;
    }

    @Override
    public WorkflowDefinition getWorkflowDefinition(DecisionContext context) {
      return create.apply(context);
    }

    @Override
    public void deleteWorkflowDefinition(WorkflowDefinition definition) {}

    @Override
    public WorkflowType getWorkflowType() {
      return type;
    }
  }

  abstract static class Activity extends ActivityImplementationBase {
    @Override
    public ActivityTypeRegistrationOptions getRegistrationOptions() {
      ActivityTypeRegistrationOptions o = new ActivityTypeRegistrationOptions();
      o.setDefaultTaskList(ACTIVITY_LIST);
      o.setDefaultTaskScheduleToStartTimeoutSeconds(60L);
      o.setDefaultTaskStartToCloseTimeoutSeconds(60L);
      o.setDefaultTaskScheduleToCloseTimeoutSeconds(120L);
      o.setDefaultTaskHeartbeatTimeoutSeconds(30L);
      o.setDescription(getClass().getSimpleName());
      return o;
    }

    @Override
    public ActivityTypeExecutionOptions getExecutionOptions() {
      return new ActivityTypeExecutionOptions();
    }
  }

  static final class Shout extends Activity {
    @Override
    protected String execute(String input, ActivityExecutionContext context) {
      context.recordActivityHeartbeat("halfway");
      return input.toUpperCase(Locale.ROOT) + "!";
    }
  }

  static final class Fail extends Activity {
    @Override
    protected String execute(String input, ActivityExecutionContext context) {
      throw new ActivityFailureException("boom", "details of " + input);
    }
  }

  private static WorkflowExecution start(WorkflowType type, String workflowId, String input) {
    WorkflowExecution run =
        new GenericWorkflowClientExternalImpl(swf, DOMAIN)
            .startWorkflow(
                new StartWorkflowExecutionParameters()
                    .withWorkflowId(workflowId)
                    .withWorkflowType(type)
                    .withInput(input));
    assertThat(run.getRunId()).isNotBlank();
    return run;
  }

  private static List<HistoryEvent> awaitClosed(WorkflowExecution run, int seconds) {
    await()
        .atMost(seconds, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(workerErrors).isEmpty();
              WorkflowExecutionInfo info =
                  swf.describeWorkflowExecution(r -> r.domain(DOMAIN).execution(run.toSdkType()))
                      .executionInfo();
              return info.executionStatus() == ExecutionStatus.CLOSED;
            });
    WorkflowExecutionInfo info =
        swf.describeWorkflowExecution(r -> r.domain(DOMAIN).execution(run.toSdkType()))
            .executionInfo();
    List<HistoryEvent> history = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(r -> r.domain(DOMAIN).execution(run.toSdkType()))
        .events()
        .forEach(history::add);
    assertThat(info.closeStatusAsString())
        .as("close status; last event %s", history.get(history.size() - 1))
        .isEqualTo("COMPLETED");
    for (int i = 0; i < history.size(); i++) assertThat(history.get(i).eventId()).isEqualTo(i + 1L);
    assertThat(workerErrors).isEmpty();
    return history;
  }

  @Test
  void signalsReachTheWorkflowAndItsStateIsReadBackFromTheExecutionContext() {
    GenericWorkflowClientExternalImpl client = new GenericWorkflowClientExternalImpl(swf, DOMAIN);
    WorkflowExecution run = start(WAITER, "waiter-1", "");
    await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "waiting".equals(client.getWorkflowState(run)));
    assertThat(
            swf.describeWorkflowExecution(r -> r.domain(DOMAIN).execution(run.toSdkType()))
                .latestExecutionContext())
        .contains("waiting");

    client.signalWorkflowExecution(
        new SignalExternalWorkflowParameters()
            .withWorkflowId("waiter-1")
            .withRunId(run.getRunId())
            .withSignalName("go")
            .withInput("green light"));
    List<HistoryEvent> history = awaitClosed(run, 20);
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo("green light");
    assertThat(history)
        .filteredOn(e -> e.eventType() == EventType.WORKFLOW_EXECUTION_SIGNALED)
        .extracting(e -> e.workflowExecutionSignaledEventAttributes().signalName())
        .containsExactly("go");
    assertThat(client.getWorkflowState(run)).isEqualTo("got green light");
  }

  @Test
  void aHistoryLongerThanAPageReachesTheDeciderThroughPageTokens() throws Exception {
    GenericWorkflowClientExternalImpl client = new GenericWorkflowClientExternalImpl(swf, DOMAIN);
    WorkflowExecution run = start(WAITER, "waiter-long", "");
    int pagesBefore = deciderPagePolls.get();
    // 1100 signals: more events than one page (1000) of a decision task's history
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        sent.add(
            pool.submit(
                () -> {
                  for (int i = offset; i < 1100; i += 4) {
                    swf.signalWorkflowExecution(
                        r ->
                            r.domain(DOMAIN)
                                .workflowId("waiter-long")
                                .runId(run.getRunId())
                                .signalName("noise"));
                  }
                }));
      }
      for (var f : sent) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }
    client.signalWorkflowExecution(
        new SignalExternalWorkflowParameters()
            .withWorkflowId("waiter-long")
            .withRunId(run.getRunId())
            .withSignalName("go")
            .withInput("after the noise"));
    List<HistoryEvent> history = awaitClosed(run, 45);
    assertThat(history.size()).isGreaterThan(1100);
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo("after the noise");
    assertThat(deciderPagePolls.get()).isGreaterThan(pagesBefore);
  }

  @Test
  void aChildWorkflowRunsAndItsResultReachesTheParent() {
    WorkflowExecution run = start(PARENT, "parent-1", "child input");
    List<HistoryEvent> history = awaitClosed(run, 30);
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo("parent(CHILD INPUT!)");
    assertThat(history)
        .extracting(HistoryEvent::eventType)
        .containsSubsequence(
            EventType.START_CHILD_WORKFLOW_EXECUTION_INITIATED,
            EventType.CHILD_WORKFLOW_EXECUTION_STARTED,
            EventType.CHILD_WORKFLOW_EXECUTION_COMPLETED);
    HistoryEvent childStarted =
        history.stream()
            .filter(e -> e.eventType() == EventType.CHILD_WORKFLOW_EXECUTION_STARTED)
            .findFirst()
            .orElseThrow();
    var child = childStarted.childWorkflowExecutionStartedEventAttributes().workflowExecution();
    assertThat(child.workflowId()).isEqualTo("parent-1-child");
    var childInfo =
        swf.describeWorkflowExecution(r -> r.domain(DOMAIN).execution(child)).executionInfo();
    assertThat(childInfo.closeStatusAsString()).isEqualTo("COMPLETED");
    assertThat(childInfo.parent().runId()).isEqualTo(run.getRunId());
  }

  @Test
  void aCancelRequestCancelsTheWorkflow() {
    GenericWorkflowClientExternalImpl client = new GenericWorkflowClientExternalImpl(swf, DOMAIN);
    WorkflowExecution run = start(WAITER, "waiter-2", "");
    await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "waiting".equals(client.getWorkflowState(run)));
    client.requestCancelWorkflowExecution(run);
    await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                swf.describeWorkflowExecution(r -> r.domain(DOMAIN).execution(run.toSdkType()))
                        .executionInfo()
                        .executionStatus()
                    == ExecutionStatus.CLOSED);
    assertThat(
            swf.describeWorkflowExecution(r -> r.domain(DOMAIN).execution(run.toSdkType()))
                .executionInfo()
                .closeStatusAsString())
        .isEqualTo("CANCELED");
    List<HistoryEvent> history =
        swf.getWorkflowExecutionHistory(r -> r.domain(DOMAIN).execution(run.toSdkType())).events();
    assertThat(history)
        .extracting(HistoryEvent::eventType)
        .containsSubsequence(
            EventType.WORKFLOW_EXECUTION_CANCEL_REQUESTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.WORKFLOW_EXECUTION_CANCELED);
    assertThat(workerErrors).isEmpty();
  }

  @Test
  void theFrameworkRegistersItsDomainAndTypes() {
    assertThat(
            swf.describeDomain(r -> r.name(DOMAIN))
                .configuration()
                .workflowExecutionRetentionPeriodInDays())
        .isEqualTo("1");
    assertThat(
            swf.describeWorkflowType(r -> r.domain(DOMAIN).workflowType(GREETER.toSdkType()))
                .typeInfo()
                .status())
        .isEqualTo(RegistrationStatus.REGISTERED);
    assertThat(
            swf.describeWorkflowType(r -> r.domain(DOMAIN).workflowType(FAN_OUT.toSdkType()))
                .configuration()
                .defaultTaskList()
                .name())
        .isEqualTo(DECISION_LIST);
    assertThat(
            swf.describeActivityType(r -> r.domain(DOMAIN).activityType(SHOUT.toSdkType()))
                .configuration()
                .defaultTaskHeartbeatTimeout())
        .isEqualTo("30");
  }

  @Test
  void aGenericWorkflowSchedulesOneActivityAndCompletesWithItsResult() {
    WorkflowExecution run = start(GREETER, "greeter-1", "hello");
    List<HistoryEvent> history = awaitClosed(run, 30);
    assertThat(history)
        .extracting(HistoryEvent::eventType)
        .containsSubsequence(
            EventType.WORKFLOW_EXECUTION_STARTED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.ACTIVITY_TASK_SCHEDULED,
            EventType.ACTIVITY_TASK_STARTED,
            EventType.ACTIVITY_TASK_COMPLETED,
            EventType.DECISION_TASK_COMPLETED,
            EventType.WORKFLOW_EXECUTION_COMPLETED);
    HistoryEvent scheduled =
        history.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_SCHEDULED)
            .findFirst()
            .orElseThrow();
    assertThat(scheduled.activityTaskScheduledEventAttributes().activityId()).isEqualTo("shout-1");
    assertThat(scheduled.activityTaskScheduledEventAttributes().heartbeatTimeout()).isEqualTo("20");
    HistoryEvent started =
        history.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_STARTED)
            .findFirst()
            .orElseThrow();
    assertThat(started.activityTaskStartedEventAttributes().identity()).isEqualTo("flow-worker");
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo("HELLO!");
  }

  @Test
  void aFanOutWithATimerAndACaughtActivityFailureCompletes() {
    WorkflowExecution run = start(FAN_OUT, "fan-out-1", "");
    List<HistoryEvent> history = awaitClosed(run, 45);

    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < FAN_OUT_WIDTH; i++) expected.append("P").append(i).append("!,");
    expected.append("caught fail-1/details of x,timer-fired");
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo(expected.toString());
    assertThat(history.stream().filter(e -> e.eventType() == EventType.ACTIVITY_TASK_COMPLETED))
        .hasSize(FAN_OUT_WIDTH);
    HistoryEvent failed =
        history.stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.activityTaskFailedEventAttributes().reason()).isEqualTo("boom");
    assertThat(failed.activityTaskFailedEventAttributes().details()).isEqualTo("details of x");
    // Flow's decider cannot send more than 100 decisions at once: it sends the first 99 plus a
    // 0-second
    // timer named FORCE_IMMEDIATE_DECISION..., which must fire at once so that it gets the next
    // decision task.
    assertThat(
            history.stream()
                .filter(e -> e.eventType() == EventType.TIMER_STARTED)
                .map(e -> e.timerStartedEventAttributes().startToFireTimeout()))
        .contains("0", "1");
    assertThat(history.stream().filter(e -> e.eventType() == EventType.TIMER_FIRED))
        .hasSizeGreaterThanOrEqualTo(2);
  }
}
