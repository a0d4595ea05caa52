package io.swfd.executions.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.simpleworkflow.flow.ActivityExecutionContext;
import com.amazonaws.services.simpleworkflow.flow.DecisionContext;
import com.amazonaws.services.simpleworkflow.flow.WorkflowTypeRegistrationOptions;
import com.amazonaws.services.simpleworkflow.flow.config.DeciderAffinityConfig;
import com.amazonaws.services.simpleworkflow.flow.config.SimpleWorkflowClientConfig;
import com.amazonaws.services.simpleworkflow.flow.core.Functor;
import com.amazonaws.services.simpleworkflow.flow.core.Promise;
import com.amazonaws.services.simpleworkflow.flow.generic.ActivityImplementation;
import com.amazonaws.services.simpleworkflow.flow.generic.ActivityImplementationBase;
import com.amazonaws.services.simpleworkflow.flow.generic.ActivityImplementationFactory;
import com.amazonaws.services.simpleworkflow.flow.generic.ExecuteActivityParameters;
import com.amazonaws.services.simpleworkflow.flow.generic.GenericActivityClient;
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
import com.amazonaws.services.simpleworkflow.flow.worker.GenericAffinityWorkflowWorker;
import com.amazonaws.services.simpleworkflow.flow.worker.GenericWorker;
import com.amazonaws.services.simpleworkflow.flow.worker.GenericWorkflowClientExternalImpl;
import com.amazonaws.services.simpleworkflow.flow.worker.GenericWorkflowWorker;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * Flow Framework decider affinity: after a decision the decider redirects the run's next decision
 * tasks to its own host task list ({@code RespondDecisionTaskCompleted.taskList} + {@code
 * taskListScheduleToStartTimeout}), polls that list with {@code startAtPreviousStartedEvent} (only
 * the new events) and continues its cached decider; when nobody picks a redirected task up in time
 * it times out SCHEDULE_TO_START and goes back to the workflow's own task list.
 */
class FlowDeciderAffinityTest {
  static final String DECISION_LIST = "affinity-decisions";
  static final String ACTIVITY_LIST = "affinity-activities";
  static final WorkflowType STEPS = WorkflowType.builder().name("Steps").version("1.0").build();
  static final ActivityType STEP = ActivityType.builder().name("Steps.step").version("1.0").build();

  static RunningSwfd swfd;
  static SwfClient swf;

  /**
   * What the affinity decider's polls asked for and got: startAtPreviousStartedEvent,
   * previousStartedEventId, first event id.
   */
  static final List<long[]> affinityPolls = new CopyOnWriteArrayList<>();

  static SwfClient affinityClient;
  static final List<Throwable> workerErrors = new CopyOnWriteArrayList<>();
  final List<GenericWorker<?>> workers = new ArrayList<>();

  @BeforeAll
  static void start() {
    swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)), InstantSource.system());
    swf = swfd.client();
    affinityClient =
        SwfClient.builder()
            .endpointOverride(swfd.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDAFFINITY", "secret")))
            .httpClient(
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(70)).build())
            .overrideConfiguration(
                o ->
                    o.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void afterUnmarshalling(
                              Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
                            if (context.request() instanceof PollForDecisionTaskRequest q
                                && q.nextPageToken() == null
                                && context.response() instanceof PollForDecisionTaskResponse r
                                && r.taskToken() != null) {
                              affinityPolls.add(
                                  new long[] {
                                    Boolean.TRUE.equals(q.startAtPreviousStartedEvent()) ? 1 : 0,
                                    r.previousStartedEventId(),
                                    r.events().isEmpty() ? -1 : r.events().get(0).eventId()
                                  });
                            }
                          }
                        }))
            .build();
  }

  @AfterAll
  static void stop() {
    affinityClient.close();
    swf.close();
    swfd.close();
  }

  @AfterEach
  void stopWorkers() throws InterruptedException {
    workers.forEach(GenericWorker::shutdownNow);
    for (GenericWorker<?> w : workers) w.awaitTermination(3, TimeUnit.SECONDS);
  }

  /** A JCache {@link Cache} over a map: all the decider cache needs is get, put and remove. */
  @SuppressWarnings("unchecked")
  static <K, V> Cache<K, V> mapCache() {
    Map<Object, Object> map = new ConcurrentHashMap<>();
    return (Cache<K, V>)
        Proxy.newProxyInstance(
            Cache.class.getClassLoader(),
            new Class<?>[] {Cache.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "get" -> map.get(args[0]);
                  case "put" -> {
                    map.put(args[0], args[1]);
                    yield null;
                  }
                  case "remove" ->
                      args.length == 1 ? map.remove(args[0]) != null : map.remove(args[0], args[1]);
                  case "containsKey" -> map.containsKey(args[0]);
                  case "clear", "removeAll", "close" -> {
                    map.clear();
                    yield null;
                  }
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "MapCache" + map.keySet();
                  default -> throw new UnsupportedOperationException("Cache." + m.getName());
                });
  }

  /**
   * {@code steps} activities one after the other, each given the previous result; completes with
   * the last.
   */
  static final class Steps extends WorkflowDefinition {
    private final DecisionContext context;

    Steps(DecisionContext context) {
      this.context = context;
    }

    @Override
    public Promise<String> execute(String input) {
      GenericActivityClient activities = context.getActivityClient();
      int steps = Integer.parseInt(input);
      Promise<String> result = Promise.asPromise("");
      for (int i = 1; i <= steps; i++) {
        Promise<String> previous = result;
        String id = "step-" + i;
        result =
            new Functor<String>(previous) {
              @Override
              protected Promise<String> doExecute() {
                return activities.scheduleActivityTask(
                    new ExecuteActivityParameters()
                        .withActivityType(STEP)
                        .withActivityId(id)
                        .withInput(previous.get() + id)
                        .withTaskList(ACTIVITY_LIST)
                        .withScheduleToStartTimeoutSeconds(30)
                        .withStartToCloseTimeoutSeconds(30)
                        .withScheduleToCloseTimeoutSeconds(60)
                        .withHeartbeatTimeoutSeconds(30));
              }
            };
      }
      return result;
    }

    @Override
    public void signalRecieved(String signalName, String input) {}

    @Override
    public String getWorkflowState() {
      return null;
    }
  }

  static final WorkflowDefinitionFactoryFactory WORKFLOWS =
      new WorkflowDefinitionFactoryFactory() {
        @Override
        public WorkflowDefinitionFactory getWorkflowDefinitionFactory(WorkflowType type) {
          if (!STEPS.equals(type)) return null;
          return new WorkflowDefinitionFactory() {
            @Override
            public WorkflowTypeRegistrationOptions getWorkflowRegistrationOptions() {
              WorkflowTypeRegistrationOptions o = new WorkflowTypeRegistrationOptions();
              o.setDefaultTaskList(DECISION_LIST);
              o.setDefaultExecutionStartToCloseTimeoutSeconds(300);
              o.setDefaultTaskStartToCloseTimeoutSeconds(30);
              return o;
            }

            @Override
            public WorkflowDefinition getWorkflowDefinition(DecisionContext context) {
              return new Steps(context);
            }

            @Override
            public void deleteWorkflowDefinition(WorkflowDefinition definition) {}

            @Override
            public WorkflowType getWorkflowType() {
              return STEPS;
            }
          };
        }

        @Override
        public Iterable<WorkflowType> getWorkflowTypesToRegister() {
          return List.of(STEPS);
        }
      };

  static final ActivityImplementationFactory ACTIVITIES =
      new ActivityImplementationFactory() {
        @Override
        public Iterable<ActivityType> getActivityTypesToRegister() {
          return List.of(STEP);
        }

        @Override
        public ActivityImplementation getActivityImplementation(ActivityType type) {
          return new ActivityImplementationBase() {
            @Override
            protected String execute(String input, ActivityExecutionContext context) {
              return input + ";";
            }

            @Override
            public ActivityTypeRegistrationOptions getRegistrationOptions() {
              ActivityTypeRegistrationOptions o = new ActivityTypeRegistrationOptions();
              o.setDefaultTaskList(ACTIVITY_LIST);
              o.setDefaultTaskScheduleToStartTimeoutSeconds(60L);
              o.setDefaultTaskStartToCloseTimeoutSeconds(60L);
              o.setDefaultTaskScheduleToCloseTimeoutSeconds(120L);
              o.setDefaultTaskHeartbeatTimeoutSeconds(60L);
              return o;
            }

            @Override
            public ActivityTypeExecutionOptions getExecutionOptions() {
              return new ActivityTypeExecutionOptions();
            }
          };
        }
      };

  private <W extends GenericWorker<?>> W started(W worker, String identity) {
    worker.setDisableServiceShutdownOnStop(true);
    worker.setIdentity(identity);
    worker.setUncaughtExceptionHandler((t, e) -> workerErrors.add(e));
    workers.add(worker);
    worker.start();
    return worker;
  }

  /**
   * The regular decider (and, if asked, the affinity decider) plus an activity worker, in their own
   * domain.
   */
  private String startWorkers(String domain, Duration affinityTimeout, boolean withAffinityWorker) {
    swf.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    SimpleWorkflowClientConfig config =
        SimpleWorkflowClientConfig.builder()
            .deciderAffinityConfig(new DeciderAffinityConfig(affinityTimeout, mapCache()))
            .build();
    GenericWorkflowWorker decider = new GenericWorkflowWorker(swf, domain, DECISION_LIST, config);
    decider.setWorkflowDefinitionFactoryFactory(WORKFLOWS);
    started(decider, "regular-decider");
    String affinityList = null;
    if (withAffinityWorker) {
      GenericAffinityWorkflowWorker affinity =
          new GenericAffinityWorkflowWorker(affinityClient, domain, config);
      affinity.setWorkflowDefinitionFactoryFactory(WORKFLOWS);
      affinity.setDisableTypeRegistrationOnStart(true);
      started(affinity, "affinity-decider");
      affinityList = affinity.getTaskListToPoll();
    }
    GenericActivityWorker worker = new GenericActivityWorker(swf, domain, ACTIVITY_LIST);
    worker.setActivityImplementationFactory(ACTIVITIES);
    started(worker, "worker");
    return affinityList;
  }

  private static List<HistoryEvent> runToCompletion(String domain, String workflowId, int steps) {
    WorkflowExecution run =
        new GenericWorkflowClientExternalImpl(swf, domain)
            .startWorkflow(
                new StartWorkflowExecutionParameters()
                    .withWorkflowId(workflowId)
                    .withWorkflowType(STEPS)
                    .withInput(String.valueOf(steps)));
    await()
        .atMost(30, TimeUnit.SECONDS)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(workerErrors).isEmpty();
              return swf.describeWorkflowExecution(r -> r.domain(domain).execution(run.toSdkType()))
                      .executionInfo()
                      .executionStatus()
                  == ExecutionStatus.CLOSED;
            });
    List<HistoryEvent> history = new ArrayList<>();
    swf.getWorkflowExecutionHistoryPaginator(r -> r.domain(domain).execution(run.toSdkType()))
        .events()
        .forEach(history::add);
    assertThat(history.get(history.size() - 1).eventType())
        .as("last event %s", history.get(history.size() - 1))
        .isEqualTo(EventType.WORKFLOW_EXECUTION_COMPLETED);
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= steps; i++) expected.append("step-").append(i).append(';');
    assertThat(history.get(history.size() - 1).workflowExecutionCompletedEventAttributes().result())
        .isEqualTo(expected.toString());
    assertThat(workerErrors).isEmpty();
    return history;
  }

  @Test
  void laterDecisionTasksGoToTheAffinityDeciderWithPartialHistory() {
    String affinityList = startWorkers("flow-affinity", Duration.ofSeconds(20), true);
    List<HistoryEvent> history = runToCompletion("flow-affinity", "affinity-1", 3);

    List<HistoryEvent> completed =
        history.stream().filter(e -> e.eventType() == EventType.DECISION_TASK_COMPLETED).toList();
    assertThat(completed).hasSize(4);
    assertThat(completed)
        .allSatisfy(
            e -> {
              assertThat(e.decisionTaskCompletedEventAttributes().taskList().name())
                  .isEqualTo(affinityList);
              assertThat(e.decisionTaskCompletedEventAttributes().taskListScheduleToStartTimeout())
                  .isEqualTo("20");
            });
    List<HistoryEvent> scheduled =
        history.stream().filter(e -> e.eventType() == EventType.DECISION_TASK_SCHEDULED).toList();
    assertThat(scheduled.get(0).decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo(DECISION_LIST);
    assertThat(scheduled.subList(1, scheduled.size()))
        .allSatisfy(
            e -> {
              assertThat(e.decisionTaskScheduledEventAttributes().taskList().name())
                  .isEqualTo(affinityList);
              assertThat(e.decisionTaskScheduledEventAttributes().scheduleToStartTimeout())
                  .isEqualTo("20");
            });
    assertThat(
            history.stream()
                .filter(e -> e.eventType() == EventType.DECISION_TASK_STARTED)
                .map(e -> e.decisionTaskStartedEventAttributes().identity()))
        .containsExactly(
            "regular-decider", "affinity-decider", "affinity-decider", "affinity-decider");
    assertThat(history).noneMatch(e -> e.eventType() == EventType.DECISION_TASK_TIMED_OUT);
    // the affinity decider asked for the new events only, and got them from the previous
    // DecisionTaskStarted on
    assertThat(affinityPolls)
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p[0]).isEqualTo(1);
              assertThat(p[1]).isPositive();
              assertThat(p[2]).isEqualTo(p[1]);
            });
  }

  @Test
  void aRedirectedTaskNobodyTakesFallsBackToTheWorkflowsTaskList() {
    startWorkers("flow-affinity-failover", Duration.ofSeconds(1), false);
    List<HistoryEvent> history = runToCompletion("flow-affinity-failover", "failover-1", 1);

    HistoryEvent timedOut =
        history.stream()
            .filter(e -> e.eventType() == EventType.DECISION_TASK_TIMED_OUT)
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.decisionTaskTimedOutEventAttributes().timeoutTypeAsString())
        .isEqualTo("SCHEDULE_TO_START");
    HistoryEvent next =
        history.get(timedOut.eventId().intValue()); // the event after it (ids are 1-based)
    assertThat(next.eventType()).isEqualTo(EventType.DECISION_TASK_SCHEDULED);
    assertThat(next.decisionTaskScheduledEventAttributes().taskList().name())
        .isEqualTo(DECISION_LIST);
    assertThat(
            history.stream()
                .filter(e -> e.eventType() == EventType.DECISION_TASK_STARTED)
                .map(e -> e.decisionTaskStartedEventAttributes().identity()))
        .containsOnly("regular-decider");
  }
}
