package io.swfd.registry;

import static io.swfd.support.SwfTestClient.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.swfd.support.RunningSwfd;
import io.swfd.support.SwfdProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.DescribeActivityTypeResponse;
import software.amazon.awssdk.services.swf.model.DescribeDomainResponse;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowTypeResponse;
import software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.DomainInfo;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.ResourceTag;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * Everything the registry holds is in SQLite in the data directory: it survives a restart and a
 * kill -9.
 */
class DurabilityTest {
  private static final WorkflowType ORDER =
      WorkflowType.builder().name("order").version("v1").build();
  private static final WorkflowType OLD_ORDER =
      WorkflowType.builder().name("order").version("v0").build();
  private static final WorkflowType GONE = WorkflowType.builder().name("gone").version("1").build();
  private static final ActivityType CHARGE =
      ActivityType.builder().name("charge").version("v1").build();

  /** Registers a bit of everything in domain {@code name}. */
  private static void populate(SwfClient swf, String name) {
    swf.registerDomain(
        r ->
            r.name(name)
                .description("kept")
                .workflowExecutionRetentionPeriodInDays("14")
                .tags(ResourceTag.builder().key("team").value("a").build()));
    swf.tagResource(
        r ->
            r.resourceArn(arn(name))
                .tags(
                    ResourceTag.builder().key("env").value("prod").build(),
                    ResourceTag.builder().key("team").value("b").build()));
    swf.registerWorkflowType(
        r ->
            r.domain(name)
                .name("order")
                .version("v1")
                .description("orders")
                .defaultTaskStartToCloseTimeout("30")
                .defaultExecutionStartToCloseTimeout("600")
                .defaultTaskList(TaskList.builder().name("deciders").build())
                .defaultTaskPriority("3")
                .defaultChildPolicy(ChildPolicy.ABANDON)
                .defaultLambdaRole("arn:aws:iam::123456789012:role/r"));
    swf.registerWorkflowType(r -> r.domain(name).name("order").version("v0"));
    swf.deprecateWorkflowType(r -> r.domain(name).workflowType(OLD_ORDER));
    swf.registerWorkflowType(r -> r.domain(name).name("gone").version("1"));
    swf.deprecateWorkflowType(r -> r.domain(name).workflowType(GONE));
    swf.deleteWorkflowType(r -> r.domain(name).workflowType(GONE));
    swf.registerActivityType(
        r ->
            r.domain(name)
                .name("charge")
                .version("v1")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskHeartbeatTimeout("20")
                .defaultTaskScheduleToStartTimeout("40")
                .defaultTaskScheduleToCloseTimeout("80")
                .defaultTaskList(TaskList.builder().name("workers").build())
                .defaultTaskPriority("-1"));
    swf.registerDomain(r -> r.name(name + "-old").workflowExecutionRetentionPeriodInDays("0"));
    swf.deprecateDomain(r -> r.name(name + "-old"));
  }

  private static String arn(String name) {
    return "arn:aws:swf:us-east-1:123456789012:/domain/" + name;
  }

  /** What populate() registered, as the API shows it. */
  private record Snapshot(
      DescribeDomainResponse domain,
      DescribeDomainResponse oldDomain,
      List<ResourceTag> tags,
      DescribeWorkflowTypeResponse order,
      DescribeWorkflowTypeResponse oldOrder,
      DescribeActivityTypeResponse charge) {
    static Snapshot of(SwfClient swf, String name) {
      return new Snapshot(
          swf.describeDomain(r -> r.name(name)),
          swf.describeDomain(r -> r.name(name + "-old")),
          swf.listTagsForResource(r -> r.resourceArn(arn(name))).tags(),
          swf.describeWorkflowType(r -> r.domain(name).workflowType(ORDER)),
          swf.describeWorkflowType(r -> r.domain(name).workflowType(OLD_ORDER)),
          swf.describeActivityType(r -> r.domain(name).activityType(CHARGE)));
    }

    void assertSameAs(Snapshot before) {
      assertThat(domain.domainInfo()).isEqualTo(before.domain.domainInfo());
      assertThat(domain.configuration()).isEqualTo(before.domain.configuration());
      assertThat(oldDomain.domainInfo()).isEqualTo(before.oldDomain.domainInfo());
      assertThat(oldDomain.configuration()).isEqualTo(before.oldDomain.configuration());
      assertThat(tags).containsExactlyInAnyOrderElementsOf(before.tags);
      assertThat(order.typeInfo()).isEqualTo(before.order.typeInfo());
      assertThat(order.configuration()).isEqualTo(before.order.configuration());
      assertThat(oldOrder.typeInfo()).isEqualTo(before.oldOrder.typeInfo());
      assertThat(charge.typeInfo()).isEqualTo(before.charge.typeInfo());
      assertThat(charge.configuration()).isEqualTo(before.charge.configuration());
    }

    void assertPopulated() {
      assertThat(domain.domainInfo().status()).isEqualTo(RegistrationStatus.REGISTERED);
      assertThat(domain.domainInfo().description()).isEqualTo("kept");
      assertThat(domain.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("14");
      assertThat(oldDomain.domainInfo().status()).isEqualTo(RegistrationStatus.DEPRECATED);
      assertThat(tags)
          .containsExactlyInAnyOrder(
              ResourceTag.builder().key("team").value("b").build(),
              ResourceTag.builder().key("env").value("prod").build());
      assertThat(order.configuration().defaultChildPolicy()).isEqualTo(ChildPolicy.ABANDON);
      assertThat(order.configuration().defaultTaskList().name()).isEqualTo("deciders");
      assertThat(oldOrder.typeInfo().status()).isEqualTo(RegistrationStatus.DEPRECATED);
      assertThat(oldOrder.typeInfo().deprecationDate()).isNotNull();
      assertThat(charge.configuration().defaultTaskStartToCloseTimeout()).isEqualTo("NONE");
      assertThat(charge.configuration().defaultTaskScheduleToCloseTimeout()).isEqualTo("80");
    }
  }

  private static void assertStillEnforced(SwfClient swf, String name) {
    fault(
        DomainAlreadyExistsException.class,
        "DomainAlreadyExistsFault",
        () ->
            swf.registerDomain(
                r -> r.name(name + "-old").workflowExecutionRetentionPeriodInDays("1")));
    fault(
        TypeAlreadyExistsException.class,
        "TypeAlreadyExistsFault",
        () -> swf.registerWorkflowType(r -> r.domain(name).name("order").version("v0")));
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> swf.describeWorkflowType(r -> r.domain(name).workflowType(GONE)));
  }

  @Test
  void everythingSurvivesARestart() {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client();
        SwfClient eu = swfd.client(Region.EU_CENTRAL_1)) {
      populate(swf, "durable");
      eu.registerDomain(r -> r.name("durable").workflowExecutionRetentionPeriodInDays("5"));
      for (int i = 0; i < 5; i++) {
        int n = i;
        swf.registerDomain(r -> r.name("page-" + n).workflowExecutionRetentionPeriodInDays("1"));
      }
      Snapshot before = Snapshot.of(swf, "durable");
      before.assertPopulated();
      var firstPage =
          swf.listDomains(
              r -> r.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(2));
      String token = firstPage.nextPageToken();

      swfd.restart();

      Snapshot after = Snapshot.of(swf, "durable");
      after.assertSameAs(before);
      assertStillEnforced(swf, "durable");
      assertThat(
              eu.describeDomain(r -> r.name("durable"))
                  .configuration()
                  .workflowExecutionRetentionPeriodInDays())
          .isEqualTo("5");
      // page tokens handed out before the restart are still good
      var rest =
          swf.listDomainsPaginator(
              r ->
                  r.registrationStatus(RegistrationStatus.REGISTERED)
                      .maximumPageSize(2)
                      .nextPageToken(token));
      List<String> names =
          new ArrayList<>(firstPage.domainInfos().stream().map(DomainInfo::name).toList());
      rest.domainInfos().forEach(d -> names.add(d.name()));
      assertThat(names)
          .containsExactly("durable", "page-0", "page-1", "page-2", "page-3", "page-4");
      // and the server keeps working on the same data
      swf.registerDomain(r -> r.name("after-restart").workflowExecutionRetentionPeriodInDays("1"));
      swfd.restart();
      assertThat(swf.describeDomain(r -> r.name("after-restart")).domainInfo().name())
          .isEqualTo("after-restart");
    }
  }

  // ------------------------------------------------------------ kill -9

  @Test
  void everythingSurvivesSigkill(@TempDir Path dataDir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("swfd-sigkill", ".log");
    Process first = serve(port, dataDir, log);
    try (SwfClient swf = client(port)) {
      awaitHealthy(first, port, log);
      populate(swf, "survivor");
      Snapshot before = Snapshot.of(swf, "survivor");
      before.assertPopulated();
      // the last acknowledged write right before the kill
      swf.registerDomain(r -> r.name("last-word").workflowExecutionRetentionPeriodInDays("1"));

      first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of SQLite
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).isEqualTo(137);

      Process second = serve(port, dataDir, log);
      try {
        awaitHealthy(second, port, log);
        assertThat(swf.describeDomain(r -> r.name("last-word")).domainInfo().arn())
            .isEqualTo(arn("last-word"));
        Snapshot.of(swf, "survivor").assertSameAs(before);
        assertStillEnforced(swf, "survivor");
      } finally {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      first.destroyForcibly();
      first.waitFor(30, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(log);
  }

  /**
   * {@code java -cp <test classpath> io.swfd.server.Main serve --port P --data-dir D}, output
   * appended to the log.
   */
  private static Process serve(int port, Path dataDir, Path log) throws IOException {
    return SwfdProcess.start(
        System.getProperty("java.class.path"),
        List.of("-XX:TieredStopAtLevel=1"),
        List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()),
        log);
  }

  private static void awaitHealthy(Process p, int port, Path log) throws Exception {
    if (!SwfdProcess.awaitHealthy(p, port, log, Duration.ofSeconds(60)))
      fail(
          "swfd exited with "
              + p.exitValue()
              + " before it was healthy:\n"
              + Files.readString(log));
  }

  private static SwfClient client(int port) {
    return SwfClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSWFDTEST", "secret")))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
  }
}
