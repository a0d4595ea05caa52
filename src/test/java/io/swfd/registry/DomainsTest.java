package io.swfd.registry;

import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DescribeDomainResponse;
import software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.DomainDeprecatedException;
import software.amazon.awssdk.services.swf.model.DomainInfo;
import software.amazon.awssdk.services.swf.model.LimitExceededException;
import software.amazon.awssdk.services.swf.model.ListDomainsResponse;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.ResourceTag;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/**
 * RegisterDomain, DescribeDomain, ListDomains, DeprecateDomain, UndeprecateDomain and their faults.
 */
class DomainsTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static RunningSwfd swfd;
  private static SwfClient swf;

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd();
    swf = swfd.client();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  private static String unique(TestInfo info) {
    return info.getTestMethod().orElseThrow().getName() + "-" + SEQ.incrementAndGet();
  }

  private static void register(SwfClient c, String name) {
    c.registerDomain(r -> r.name(name).workflowExecutionRetentionPeriodInDays("1"));
  }

  private static String arn(String region, String name) {
    return "arn:aws:swf:" + region + ":123456789012:/domain/" + name;
  }

  // ------------------------------------------------------------ register / describe

  @Test
  void registeredDomainIsDescribedExactlyAsRegistered(TestInfo info) {
    String name = unique(info);
    swf.registerDomain(
        r ->
            r.name(name)
                .description("orders of the shop")
                .workflowExecutionRetentionPeriodInDays("30")
                .tags(
                    ResourceTag.builder().key("team").value("payments").build(),
                    ResourceTag.builder().key("env").value("test").build()));

    DescribeDomainResponse d = swf.describeDomain(r -> r.name(name));
    assertThat(d.domainInfo().name()).isEqualTo(name);
    assertThat(d.domainInfo().status()).isEqualTo(RegistrationStatus.REGISTERED);
    assertThat(d.domainInfo().description()).isEqualTo("orders of the shop");
    assertThat(d.domainInfo().arn()).isEqualTo(arn("us-east-1", name));
    assertThat(d.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("30");

    assertThat(swf.listTagsForResource(r -> r.resourceArn(arn("us-east-1", name))).tags())
        .extracting(ResourceTag::key, ResourceTag::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("team", "payments"),
            org.assertj.core.groups.Tuple.tuple("env", "test"));
  }

  @Test
  void descriptionIsAbsentWhenNotRegistered(TestInfo info) {
    String name = unique(info);
    register(swf, name);
    DomainInfo i = swf.describeDomain(r -> r.name(name)).domainInfo();
    assertThat(i.description()).isNull();
    assertThat(swf.listTagsForResource(r -> r.resourceArn(arn("us-east-1", name))).tags())
        .isEmpty();
  }

  @Test
  void aNameCanBeRegisteredOnlyOnce(TestInfo info) {
    String name = unique(info);
    register(swf, name);
    var e =
        fault(
            DomainAlreadyExistsException.class,
            "DomainAlreadyExistsFault",
            () ->
                swf.registerDomain(
                    r ->
                        r.name(name)
                            .workflowExecutionRetentionPeriodInDays("5")
                            .description("other")));
    assertThat(message(e)).isEqualTo(name);
    // the first registration is untouched
    var d = swf.describeDomain(r -> r.name(name));
    assertThat(d.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("1");
    assertThat(d.domainInfo().description()).isNull();
  }

  @Test
  void aDeprecatedNameStillCannotBeRegisteredAgain(TestInfo info) {
    String name = unique(info);
    register(swf, name);
    swf.deprecateDomain(r -> r.name(name));
    var e =
        fault(
            DomainAlreadyExistsException.class,
            "DomainAlreadyExistsFault",
            () -> register(swf, name));
    assertThat(message(e)).isEqualTo(name);
    assertThat(swf.describeDomain(r -> r.name(name)).domainInfo().status())
        .isEqualTo(RegistrationStatus.DEPRECATED);
  }

  @Test
  void invalidNamesAreRefused() {
    for (String bad : List.of("a:b", "a/b", "a|b", "arn", " lead", "trail ", "tab\tin")) {
      var e = validation(() -> register(swf, bad));
      assertThat(message(e))
          .as(bad)
          .startsWith("1 validation error detected: Value '" + bad + "' at 'name'");
    }
    var e = validation(() -> register(swf, "x".repeat(257)));
    assertThat(message(e))
        .isEqualTo(
            "1 validation error detected: Value '"
                + "x".repeat(257)
                + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256");
  }

  // ------------------------------------------------------------ retention

  @Test
  void retentionFromZeroToNinetyDaysIsAccepted(TestInfo info) {
    for (String days : List.of("0", "1", "7", "89", "90", "NONE")) {
      String name = unique(info) + "-" + days;
      swf.registerDomain(r -> r.name(name).workflowExecutionRetentionPeriodInDays(days));
      assertThat(
              swf.describeDomain(r -> r.name(name))
                  .configuration()
                  .workflowExecutionRetentionPeriodInDays())
          .isEqualTo(days);
    }
  }

  @Test
  void retentionAboveNinetyDaysOrNotANumberIsRefused(TestInfo info) {
    String name = unique(info);
    for (String days : List.of("91", "365", "-1", "abc", "1.5")) {
      var e =
          validation(
              () ->
                  swf.registerDomain(
                      r -> r.name(name).workflowExecutionRetentionPeriodInDays(days)));
      assertThat(message(e))
          .as(days)
          .startsWith(
              "1 validation error detected: Value '"
                  + days
                  + "' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: ");
    }
    // model constraints: 1..8 characters
    var empty =
        validation(
            () -> swf.registerDomain(r -> r.name(name).workflowExecutionRetentionPeriodInDays("")));
    assertThat(message(empty))
        .isEqualTo(
            "1 validation error detected: Value '' at 'workflowExecutionRetentionPeriodInDays' "
                + "failed to satisfy constraint: Member must have length greater than or equal to 1");
    var missing = validation(() -> swf.registerDomain(r -> r.name(name)));
    assertThat(message(missing))
        .isEqualTo(
            "1 validation error detected: Value null at "
                + "'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: Member must not be null");
    // nothing was registered by the refused calls
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> swf.describeDomain(r -> r.name(name)));
  }

  // ------------------------------------------------------------ deprecate / undeprecate

  @Test
  void deprecateAndUndeprecate(TestInfo info) {
    String name = unique(info);
    swf.registerDomain(
        r -> r.name(name).description("d").workflowExecutionRetentionPeriodInDays("3"));

    swf.deprecateDomain(r -> r.name(name));
    DescribeDomainResponse d = swf.describeDomain(r -> r.name(name));
    assertThat(d.domainInfo().status()).isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(d.domainInfo().description()).isEqualTo("d");
    assertThat(d.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("3");

    var twice =
        fault(
            DomainDeprecatedException.class,
            "DomainDeprecatedFault",
            () -> swf.deprecateDomain(r -> r.name(name)));
    assertThat(message(twice)).isEqualTo(name);

    swf.undeprecateDomain(r -> r.name(name));
    assertThat(swf.describeDomain(r -> r.name(name)).domainInfo().status())
        .isEqualTo(RegistrationStatus.REGISTERED);

    var again =
        fault(
            DomainAlreadyExistsException.class,
            "DomainAlreadyExistsFault",
            () -> swf.undeprecateDomain(r -> r.name(name)));
    assertThat(message(again)).isEqualTo(name);
  }

  @Test
  void unknownDomainIsAnUnknownResourceForEveryOperation(TestInfo info) {
    String name = unique(info);
    for (Runnable call :
        List.<Runnable>of(
            () -> swf.describeDomain(r -> r.name(name)),
            () -> swf.deprecateDomain(r -> r.name(name)),
            () -> swf.undeprecateDomain(r -> r.name(name)))) {
      var e = fault(UnknownResourceException.class, "UnknownResourceFault", call::run);
      assertThat(message(e)).isEqualTo("Unknown domain: " + name);
    }
  }

  // ------------------------------------------------------------ list

  @Test
  void listFiltersByRegistrationStatus() {
    Region region = Region.of("eu-west-1");
    try (SwfClient c = swfd.client(region)) {
      for (String n : List.of("gamma", "alpha", "beta", "delta")) register(c, n);
      c.deprecateDomain(r -> r.name("beta"));
      c.deprecateDomain(r -> r.name("delta"));

      List<DomainInfo> registered =
          c.listDomains(r -> r.registrationStatus(RegistrationStatus.REGISTERED)).domainInfos();
      assertThat(registered).extracting(DomainInfo::name).containsExactly("alpha", "gamma");
      assertThat(registered)
          .extracting(DomainInfo::status)
          .containsOnly(RegistrationStatus.REGISTERED);
      assertThat(registered)
          .extracting(DomainInfo::arn)
          .containsExactly(arn("eu-west-1", "alpha"), arn("eu-west-1", "gamma"));

      List<DomainInfo> deprecated =
          c.listDomains(r -> r.registrationStatus(RegistrationStatus.DEPRECATED)).domainInfos();
      assertThat(deprecated).extracting(DomainInfo::name).containsExactly("beta", "delta");
      assertThat(deprecated)
          .extracting(DomainInfo::status)
          .containsOnly(RegistrationStatus.DEPRECATED);

      assertThat(
              c.listDomains(
                      r -> r.registrationStatus(RegistrationStatus.REGISTERED).reverseOrder(true))
                  .domainInfos())
          .extracting(DomainInfo::name)
          .containsExactly("gamma", "alpha");
    }
  }

  @Test
  void listOfAnEmptyRegionIsEmptyWithoutToken() {
    try (SwfClient c = swfd.client(Region.of("sa-east-1"))) {
      ListDomainsResponse r =
          c.listDomains(q -> q.registrationStatus(RegistrationStatus.REGISTERED));
      assertThat(r.domainInfos()).isEmpty();
      assertThat(r.nextPageToken()).isNull();
    }
  }

  @Test
  void pagesWalkAllDomainsInNameOrderBothWays() {
    try (SwfClient c = swfd.client(Region.of("eu-west-2"))) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 11; i++) names.add(String.format("page-%02d", i));
      List<String> shuffled = new ArrayList<>(names);
      Collections.shuffle(shuffled, new Random(7));
      shuffled.forEach(n -> register(c, n));

      assertThat(walk(c, 3, false)).containsExactlyElementsOf(names);
      List<String> reversed = new ArrayList<>(names);
      Collections.reverse(reversed);
      assertThat(walk(c, 3, true)).containsExactlyElementsOf(reversed);
      assertThat(walk(c, 1, false)).containsExactlyElementsOf(names);

      // a page exactly as large as what is left carries no token
      ListDomainsResponse all =
          c.listDomains(
              r -> r.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(11));
      assertThat(all.domainInfos()).hasSize(11);
      assertThat(all.nextPageToken()).isNull();
      // 0 and absent both mean "the service maximum"
      assertThat(
              c.listDomains(
                      r -> r.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(0))
                  .domainInfos())
          .hasSize(11);
      assertThat(
              c.listDomains(
                      r ->
                          r.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(1000))
                  .domainInfos())
          .hasSize(11);

      // the SDK paginator follows nextPageToken by itself
      var pages =
          c.listDomainsPaginator(
              r -> r.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(4));
      assertThat(pages.stream().map(p -> p.domainInfos().size()).toList()).containsExactly(4, 4, 3);
      assertThat(pages.domainInfos().stream().map(DomainInfo::name).toList())
          .containsExactlyElementsOf(names);
      var reversePages =
          c.listDomainsPaginator(
              r ->
                  r.registrationStatus(RegistrationStatus.REGISTERED)
                      .maximumPageSize(5)
                      .reverseOrder(true));
      assertThat(reversePages.domainInfos().stream().map(DomainInfo::name).toList())
          .containsExactlyElementsOf(reversed);
    }
  }

  /** Follows nextPageToken to the end; every page but the last is full. */
  private static List<String> walk(SwfClient c, int pageSize, boolean reverse) {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListDomainsResponse page =
          c.listDomains(
              r ->
                  r.registrationStatus(RegistrationStatus.REGISTERED)
                      .maximumPageSize(pageSize)
                      .reverseOrder(reverse)
                      .nextPageToken(t));
      assertThat(page.domainInfos().size()).isLessThanOrEqualTo(pageSize);
      if (page.nextPageToken() != null) assertThat(page.domainInfos()).hasSize(pageSize);
      page.domainInfos().forEach(d -> seen.add(d.name()));
      token = page.nextPageToken();
      assertThat(++pages).isLessThan(100);
    } while (token != null);
    return seen;
  }

  // ------------------------------------------------------------ limit

  @Test
  void atMostOneHundredDomainsPerRegionIncludingDeprecatedOnes() {
    Region region = Region.of("ap-northeast-3");
    try (SwfClient c = swfd.client(region);
        SwfClient other = swfd.client(Region.of("ap-northeast-2"))) {
      for (int i = 0; i < 100; i++) register(c, "limit-" + i);
      for (int i = 0; i < 10; i++) {
        int n = i;
        c.deprecateDomain(r -> r.name("limit-" + n));
      }
      fault(LimitExceededException.class, "LimitExceededFault", () -> register(c, "limit-100"));
      fault(
          UnknownResourceException.class,
          "UnknownResourceFault",
          () -> c.describeDomain(r -> r.name("limit-100")));
      assertThat(
              c.listDomains(r -> r.registrationStatus(RegistrationStatus.REGISTERED)).domainInfos())
          .hasSize(90);
      assertThat(
              c.listDomains(r -> r.registrationStatus(RegistrationStatus.DEPRECATED)).domainInfos())
          .hasSize(10);

      // the limit is per region
      register(other, "limit-100");
      assertThat(other.describeDomain(r -> r.name("limit-100")).domainInfo().arn())
          .isEqualTo(arn("ap-northeast-2", "limit-100"));
    }
  }
}
