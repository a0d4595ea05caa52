package io.swfd.executions.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.simpleworkflow.AmazonSimpleWorkflowClient;
import com.amazonaws.services.simpleworkflow.model.ActivityTask;
import com.amazonaws.services.simpleworkflow.model.ActivityType;
import com.amazonaws.services.simpleworkflow.model.AmazonSimpleWorkflowException;
import com.amazonaws.services.simpleworkflow.model.CompleteWorkflowExecutionDecisionAttributes;
import com.amazonaws.services.simpleworkflow.model.CountPendingActivityTasksRequest;
import com.amazonaws.services.simpleworkflow.model.Decision;
import com.amazonaws.services.simpleworkflow.model.DecisionTask;
import com.amazonaws.services.simpleworkflow.model.DecisionType;
import com.amazonaws.services.simpleworkflow.model.DeprecateDomainRequest;
import com.amazonaws.services.simpleworkflow.model.DeprecateWorkflowTypeRequest;
import com.amazonaws.services.simpleworkflow.model.DescribeDomainRequest;
import com.amazonaws.services.simpleworkflow.model.DescribeWorkflowExecutionRequest;
import com.amazonaws.services.simpleworkflow.model.DomainAlreadyExistsException;
import com.amazonaws.services.simpleworkflow.model.DomainDeprecatedException;
import com.amazonaws.services.simpleworkflow.model.EventType;
import com.amazonaws.services.simpleworkflow.model.GetWorkflowExecutionHistoryRequest;
import com.amazonaws.services.simpleworkflow.model.History;
import com.amazonaws.services.simpleworkflow.model.HistoryEvent;
import com.amazonaws.services.simpleworkflow.model.ListDomainsRequest;
import com.amazonaws.services.simpleworkflow.model.PollForActivityTaskRequest;
import com.amazonaws.services.simpleworkflow.model.PollForDecisionTaskRequest;
import com.amazonaws.services.simpleworkflow.model.RecordActivityTaskHeartbeatRequest;
import com.amazonaws.services.simpleworkflow.model.RegisterActivityTypeRequest;
import com.amazonaws.services.simpleworkflow.model.RegisterDomainRequest;
import com.amazonaws.services.simpleworkflow.model.RegisterWorkflowTypeRequest;
import com.amazonaws.services.simpleworkflow.model.RespondActivityTaskCompletedRequest;
import com.amazonaws.services.simpleworkflow.model.RespondDecisionTaskCompletedRequest;
import com.amazonaws.services.simpleworkflow.model.ScheduleActivityTaskDecisionAttributes;
import com.amazonaws.services.simpleworkflow.model.StartWorkflowExecutionRequest;
import com.amazonaws.services.simpleworkflow.model.TaskList;
import com.amazonaws.services.simpleworkflow.model.TypeAlreadyExistsException;
import com.amazonaws.services.simpleworkflow.model.TypeDeprecatedException;
import com.amazonaws.services.simpleworkflow.model.UnknownResourceException;
import com.amazonaws.services.simpleworkflow.model.WorkflowExecution;
import com.amazonaws.services.simpleworkflow.model.WorkflowExecutionAlreadyStartedException;
import com.amazonaws.services.simpleworkflow.model.WorkflowExecutionDetail;
import com.amazonaws.services.simpleworkflow.model.WorkflowType;
import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK for Java v1 client (aws-java-sdk-simpleworkflow 1.12.x): its own JSON unmarshallers,
 * its own mapping of {@code __type} to typed exceptions and its own shape for an empty long poll.
 */
class SdkV1ClientTest {
  static {
    System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
  }

  static final String DOMAIN = "v1-client";
  static RunningSwfd swfd;
  static AmazonSimpleWorkflowClient swf;

  @SuppressWarnings("deprecation")
  @BeforeAll
  static void start() {
    swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)), InstantSource.system());
    swf =
        new AmazonSimpleWorkflowClient(
            new BasicAWSCredentials("AKIDSWFDV1", "secret"),
            new ClientConfiguration().withSocketTimeout(70_000));
    swf.setEndpoint(swfd.endpoint().toString());
    swf.setSignerRegionOverride("us-east-1");

    swf.registerDomain(
        new RegisterDomainRequest()
            .withName(DOMAIN)
            .withWorkflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        new RegisterWorkflowTypeRequest()
            .withDomain(DOMAIN)
            .withName("wf")
            .withVersion("1")
            .withDefaultTaskList(new TaskList().withName("v1-dec"))
            .withDefaultExecutionStartToCloseTimeout("3600")
            .withDefaultTaskStartToCloseTimeout("30")
            .withDefaultChildPolicy("TERMINATE"));
    swf.registerActivityType(
        new RegisterActivityTypeRequest()
            .withDomain(DOMAIN)
            .withName("act")
            .withVersion("1")
            .withDefaultTaskList(new TaskList().withName("v1-work"))
            .withDefaultTaskScheduleToStartTimeout("60")
            .withDefaultTaskScheduleToCloseTimeout("120")
            .withDefaultTaskStartToCloseTimeout("60")
            .withDefaultTaskHeartbeatTimeout("NONE"));
  }

  @AfterAll
  static void stop() {
    swf.shutdown();
    swfd.close();
  }

  @Test
  void aWorkflowRunsToCompletionThroughTheV1Client() {
    String runId =
        swf.startWorkflowExecution(
                new StartWorkflowExecutionRequest()
                    .withDomain(DOMAIN)
                    .withWorkflowId("v1-w1")
                    .withWorkflowType(new WorkflowType().withName("wf").withVersion("1"))
                    .withInput("hello"))
            .getRunId();
    WorkflowExecution execution = new WorkflowExecution().withWorkflowId("v1-w1").withRunId(runId);

    DecisionTask d1 =
        swf.pollForDecisionTask(
            new PollForDecisionTaskRequest()
                .withDomain(DOMAIN)
                .withTaskList(new TaskList().withName("v1-dec"))
                .withIdentity("v1-decider"));
    assertThat(d1.getTaskToken()).isNotBlank();
    assertThat(d1.getWorkflowExecution()).isEqualTo(execution);
    assertThat(d1.getStartedEventId()).isEqualTo(3L);
    assertThat(d1.getPreviousStartedEventId()).isEqualTo(0L);
    assertThat(d1.getEvents())
        .extracting(HistoryEvent::getEventType)
        .containsExactly(
            "WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted");
    assertThat(d1.getEvents().get(0).getEventTimestamp()).isNotNull();
    assertThat(d1.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput())
        .isEqualTo("hello");
    swf.respondDecisionTaskCompleted(
        new RespondDecisionTaskCompletedRequest()
            .withTaskToken(d1.getTaskToken())
            .withDecisions(
                new Decision()
                    .withDecisionType(DecisionType.ScheduleActivityTask)
                    .withScheduleActivityTaskDecisionAttributes(
                        new ScheduleActivityTaskDecisionAttributes()
                            .withActivityId("a1")
                            .withActivityType(new ActivityType().withName("act").withVersion("1"))
                            .withInput("in"))));

    assertThat(
            swf.countPendingActivityTasks(
                    new CountPendingActivityTasksRequest()
                        .withDomain(DOMAIN)
                        .withTaskList(new TaskList().withName("v1-work")))
                .getCount())
        .isEqualTo(1);
    ActivityTask a =
        swf.pollForActivityTask(
            new PollForActivityTaskRequest()
                .withDomain(DOMAIN)
                .withTaskList(new TaskList().withName("v1-work"))
                .withIdentity("v1-worker"));
    assertThat(a.getActivityId()).isEqualTo("a1");
    assertThat(a.getInput()).isEqualTo("in");
    assertThat(a.getStartedEventId()).isEqualTo(6L);
    assertThat(
            swf.recordActivityTaskHeartbeat(
                    new RecordActivityTaskHeartbeatRequest()
                        .withTaskToken(a.getTaskToken())
                        .withDetails("50%"))
                .getCancelRequested())
        .isFalse();
    swf.respondActivityTaskCompleted(
        new RespondActivityTaskCompletedRequest()
            .withTaskToken(a.getTaskToken())
            .withResult("out"));

    DecisionTask d2 =
        swf.pollForDecisionTask(
            new PollForDecisionTaskRequest()
                .withDomain(DOMAIN)
                .withTaskList(new TaskList().withName("v1-dec")));
    assertThat(d2.getPreviousStartedEventId()).isEqualTo(3L);
    HistoryEvent completed =
        d2.getEvents().stream()
            .filter(e -> e.getEventType().equals(EventType.ActivityTaskCompleted.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(completed.getActivityTaskCompletedEventAttributes().getResult()).isEqualTo("out");
    assertThat(completed.getActivityTaskCompletedEventAttributes().getScheduledEventId())
        .isEqualTo(5L);
    swf.respondDecisionTaskCompleted(
        new RespondDecisionTaskCompletedRequest()
            .withTaskToken(d2.getTaskToken())
            .withDecisions(
                new Decision()
                    .withDecisionType(DecisionType.CompleteWorkflowExecution)
                    .withCompleteWorkflowExecutionDecisionAttributes(
                        new CompleteWorkflowExecutionDecisionAttributes().withResult("done"))));

    WorkflowExecutionDetail detail =
        swf.describeWorkflowExecution(
            new DescribeWorkflowExecutionRequest().withDomain(DOMAIN).withExecution(execution));
    assertThat(detail.getExecutionInfo().getExecutionStatus()).isEqualTo("CLOSED");
    assertThat(detail.getExecutionInfo().getCloseStatus()).isEqualTo("COMPLETED");
    assertThat(detail.getExecutionInfo().getStartTimestamp()).isNotNull();

    // paged history through the v1 client: nextPageToken round-trips
    List<HistoryEvent> all = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      History h =
          swf.getWorkflowExecutionHistory(
              new GetWorkflowExecutionHistoryRequest()
                  .withDomain(DOMAIN)
                  .withExecution(execution)
                  .withMaximumPageSize(4)
                  .withNextPageToken(next));
      all.addAll(h.getEvents());
      next = h.getNextPageToken();
      pages++;
    } while (next != null);
    assertThat(pages).isGreaterThan(2);
    for (int i = 0; i < all.size(); i++) assertThat(all.get(i).getEventId()).isEqualTo(i + 1L);
    assertThat(all.get(all.size() - 1).getEventType()).isEqualTo("WorkflowExecutionCompleted");
    assertThat(all.get(all.size() - 1).getWorkflowExecutionCompletedEventAttributes().getResult())
        .isEqualTo("done");
  }

  @Test
  void anEmptyDecisionPollHasANullTaskToken() {
    DecisionTask t =
        swf.pollForDecisionTask(
            new PollForDecisionTaskRequest()
                .withDomain(DOMAIN)
                .withTaskList(new TaskList().withName("v1-nothing-here")));
    assertThat(t.getTaskToken()).isNull();
    assertThat(t.getStartedEventId()).isEqualTo(0L);
    assertThat(t.getPreviousStartedEventId()).isEqualTo(0L);
    assertThat(t.getEvents()).isNullOrEmpty();
    assertThat(t.getWorkflowExecution()).isNull();
  }

  @Test
  void anEmptyActivityPollHasANullTaskToken() {
    ActivityTask t =
        swf.pollForActivityTask(
            new PollForActivityTaskRequest()
                .withDomain(DOMAIN)
                .withTaskList(new TaskList().withName("v1-nothing-here")));
    assertThat(t.getTaskToken()).isNull();
    assertThat(t.getActivityId()).isNull();
  }

  @Test
  void faultsMapToTypedV1Exceptions() {
    assertThatThrownBy(
            () -> swf.describeDomain(new DescribeDomainRequest().withName("v1-no-such-domain")))
        .isInstanceOfSatisfying(
            UnknownResourceException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo("UnknownResourceFault");
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getErrorMessage()).contains("v1-no-such-domain");
              assertThat(e.getRequestId()).isNotBlank();
            });
    assertThatThrownBy(
            () ->
                swf.registerDomain(
                    new RegisterDomainRequest()
                        .withName(DOMAIN)
                        .withWorkflowExecutionRetentionPeriodInDays("1")))
        .isInstanceOfSatisfying(
            DomainAlreadyExistsException.class,
            e -> assertThat(e.getErrorMessage()).isEqualTo(DOMAIN));
    assertThatThrownBy(
            () ->
                swf.registerActivityType(
                    new RegisterActivityTypeRequest()
                        .withDomain(DOMAIN)
                        .withName("act")
                        .withVersion("1")))
        .isInstanceOf(TypeAlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                swf.respondActivityTaskCompleted(
                    new RespondActivityTaskCompletedRequest().withTaskToken("not-a-token")))
        .isInstanceOfSatisfying(
            AmazonSimpleWorkflowException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo("ValidationException");
              assertThat(e.getErrorMessage()).isEqualTo("Invalid token");
            });
    assertThatThrownBy(
            () -> swf.pollForDecisionTask(new PollForDecisionTaskRequest().withDomain(DOMAIN)))
        .isInstanceOfSatisfying(
            AmazonSimpleWorkflowException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo("ValidationException");
              assertThat(e.getStatusCode()).isEqualTo(400);
            });

    swf.startWorkflowExecution(
        new StartWorkflowExecutionRequest()
            .withDomain(DOMAIN)
            .withWorkflowId("v1-dup")
            .withWorkflowType(new WorkflowType().withName("wf").withVersion("1")));
    assertThatThrownBy(
            () ->
                swf.startWorkflowExecution(
                    new StartWorkflowExecutionRequest()
                        .withDomain(DOMAIN)
                        .withWorkflowId("v1-dup")
                        .withWorkflowType(new WorkflowType().withName("wf").withVersion("1"))))
        .isInstanceOf(WorkflowExecutionAlreadyStartedException.class);

    swf.registerWorkflowType(
        new RegisterWorkflowTypeRequest()
            .withDomain(DOMAIN)
            .withName("old")
            .withVersion("1")
            .withDefaultTaskList(new TaskList().withName("v1-dec"))
            .withDefaultExecutionStartToCloseTimeout("60")
            .withDefaultTaskStartToCloseTimeout("10")
            .withDefaultChildPolicy("TERMINATE"));
    swf.deprecateWorkflowType(
        new DeprecateWorkflowTypeRequest()
            .withDomain(DOMAIN)
            .withWorkflowType(new WorkflowType().withName("old").withVersion("1")));
    assertThatThrownBy(
            () ->
                swf.startWorkflowExecution(
                    new StartWorkflowExecutionRequest()
                        .withDomain(DOMAIN)
                        .withWorkflowId("v1-old")
                        .withWorkflowType(new WorkflowType().withName("old").withVersion("1"))))
        .isInstanceOf(TypeDeprecatedException.class);

    swf.registerDomain(
        new RegisterDomainRequest()
            .withName("v1-gone")
            .withWorkflowExecutionRetentionPeriodInDays("1"));
    swf.deprecateDomain(new DeprecateDomainRequest().withName("v1-gone"));
    assertThatThrownBy(() -> swf.deprecateDomain(new DeprecateDomainRequest().withName("v1-gone")))
        .isInstanceOf(DomainDeprecatedException.class);
  }

  @Test
  void listDomainsPagesThroughTheV1Client() {
    for (int i = 0; i < 3; i++) {
      swf.registerDomain(
          new RegisterDomainRequest()
              .withName("v1-page-" + i)
              .withWorkflowExecutionRetentionPeriodInDays("1"));
    }
    List<String> names = new ArrayList<>();
    String next = null;
    do {
      var page =
          swf.listDomains(
              new ListDomainsRequest()
                  .withRegistrationStatus("REGISTERED")
                  .withMaximumPageSize(1)
                  .withNextPageToken(next));
      assertThat(page.getDomainInfos()).hasSizeLessThanOrEqualTo(1);
      page.getDomainInfos().forEach(d -> names.add(d.getName()));
      next = page.getNextPageToken();
    } while (next != null);
    assertThat(names)
        .contains("v1-page-0", "v1-page-1", "v1-page-2", DOMAIN)
        .doesNotHaveDuplicates();
  }
}
