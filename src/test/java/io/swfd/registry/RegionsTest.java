package io.swfd.registry;

import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DescribeDomainResponse;
import software.amazon.awssdk.services.swf.model.DomainInfo;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowType;

/**
 * All state is kept per region, the region being the one in the request's SigV4 credential scope.
 */
class RegionsTest {
  private static RunningSwfd swfd;
  private static SwfClient east;
  private static SwfClient west;

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd();
    east = swfd.client(Region.US_EAST_1);
    west = swfd.client(Region.US_WEST_2);
  }

  @AfterAll
  static void stop() {
    east.close();
    west.close();
    swfd.close();
  }

  private static boolean lists(SwfClient c, String name) {
    return c
        .listDomains(r -> r.registrationStatus(RegistrationStatus.REGISTERED))
        .domainInfos()
        .stream()
        .map(DomainInfo::name)
        .anyMatch(name::equals);
  }

  @Test
  void aDomainOfOneRegionIsInvisibleInAnother() {
    west.registerDomain(r -> r.name("only-west").workflowExecutionRetentionPeriodInDays("1"));
    east.registerDomain(r -> r.name("only-east").workflowExecutionRetentionPeriodInDays("1"));

    assertThat(west.describeDomain(r -> r.name("only-west")).domainInfo().arn())
        .isEqualTo("arn:aws:swf:us-west-2:123456789012:/domain/only-west");
    assertThat(east.describeDomain(r -> r.name("only-east")).domainInfo().arn())
        .isEqualTo("arn:aws:swf:us-east-1:123456789012:/domain/only-east");

    assertThat(
            message(
                fault(
                    UnknownResourceException.class,
                    "UnknownResourceFault",
                    () -> east.describeDomain(r -> r.name("only-west")))))
        .isEqualTo("Unknown domain: only-west");
    assertThat(
            message(
                fault(
                    UnknownResourceException.class,
                    "UnknownResourceFault",
                    () -> west.describeDomain(r -> r.name("only-east")))))
        .isEqualTo("Unknown domain: only-east");
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> east.deprecateDomain(r -> r.name("only-west")));
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> east.registerWorkflowType(r -> r.domain("only-west").name("t").version("1")));

    assertThat(lists(west, "only-west")).isTrue();
    assertThat(lists(east, "only-west")).isFalse();
    assertThat(lists(east, "only-east")).isTrue();
    assertThat(lists(west, "only-east")).isFalse();
  }

  @Test
  void theSameNameCanExistInBothRegionsIndependently() {
    east.registerDomain(
        r -> r.name("twin").workflowExecutionRetentionPeriodInDays("3").description("east twin"));
    west.registerDomain(
        r -> r.name("twin").workflowExecutionRetentionPeriodInDays("7").description("west twin"));

    DescribeDomainResponse e = east.describeDomain(r -> r.name("twin"));
    DescribeDomainResponse w = west.describeDomain(r -> r.name("twin"));
    assertThat(e.domainInfo().arn()).isEqualTo("arn:aws:swf:us-east-1:123456789012:/domain/twin");
    assertThat(w.domainInfo().arn()).isEqualTo("arn:aws:swf:us-west-2:123456789012:/domain/twin");
    assertThat(e.domainInfo().description()).isEqualTo("east twin");
    assertThat(w.domainInfo().description()).isEqualTo("west twin");
    assertThat(e.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("3");
    assertThat(w.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("7");

    // types and deprecation are per region too
    west.registerWorkflowType(r -> r.domain("twin").name("flow").version("1"));
    WorkflowType flow = WorkflowType.builder().name("flow").version("1").build();
    assertThat(
            message(
                fault(
                    UnknownResourceException.class,
                    "UnknownResourceFault",
                    () -> east.describeWorkflowType(r -> r.domain("twin").workflowType(flow)))))
        .isEqualTo("Unknown type: WorkflowType=[name=flow, version=1]");
    east.registerWorkflowType(
        r -> r.domain("twin").name("flow").version("1").description("east flow"));
    assertThat(
            west.describeWorkflowType(r -> r.domain("twin").workflowType(flow))
                .typeInfo()
                .description())
        .isNull();

    west.deprecateDomain(r -> r.name("twin"));
    assertThat(west.describeDomain(r -> r.name("twin")).domainInfo().status())
        .isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(east.describeDomain(r -> r.name("twin")).domainInfo().status())
        .isEqualTo(RegistrationStatus.REGISTERED);
  }

  @Test
  void anyRegionNameInTheScopeIsItsOwnRegion() {
    try (SwfClient exotic = swfd.client(Region.of("ap-southeast-4"))) {
      exotic.registerDomain(r -> r.name("far-away").workflowExecutionRetentionPeriodInDays("1"));
      assertThat(exotic.describeDomain(r -> r.name("far-away")).domainInfo().arn())
          .isEqualTo("arn:aws:swf:ap-southeast-4:123456789012:/domain/far-away");
      assertThat(lists(east, "far-away")).isFalse();
      assertThat(lists(west, "far-away")).isFalse();
    }
  }
}
