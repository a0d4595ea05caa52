package io.swfd.registry;

import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ResourceTag;
import software.amazon.awssdk.services.swf.model.TooManyTagsException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/** TagResource, UntagResource, ListTagsForResource and tags given at RegisterDomain. */
class TagsTest {
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

  private static String domain(TestInfo info, ResourceTag... tags) {
    String name = info.getTestMethod().orElseThrow().getName() + "-" + SEQ.incrementAndGet();
    swf.registerDomain(r -> r.name(name).workflowExecutionRetentionPeriodInDays("1").tags(tags));
    return name;
  }

  private static String arn(String name) {
    return "arn:aws:swf:us-east-1:123456789012:/domain/" + name;
  }

  private static ResourceTag tag(String key, String value) {
    return ResourceTag.builder().key(key).value(value).build();
  }

  private static List<ResourceTag> tags(int from, int toExclusive) {
    List<ResourceTag> out = new ArrayList<>();
    for (int i = from; i < toExclusive; i++) out.add(tag("k" + i, "v" + i));
    return out;
  }

  private static Map<String, String> listed(String arn) {
    Map<String, String> m = new LinkedHashMap<>();
    for (ResourceTag t : swf.listTagsForResource(r -> r.resourceArn(arn)).tags()) {
      assertThat(m.put(t.key(), t.value())).as("duplicate key %s", t.key()).isNull();
    }
    return m;
  }

  @Test
  void tagUntagAndList(TestInfo info) {
    String arn = arn(domain(info, tag("owner", "alice")));
    assertThat(listed(arn)).containsExactly(Map.entry("owner", "alice"));

    swf.tagResource(r -> r.resourceArn(arn).tags(tag("env", "prod"), tag("cost-center", "42")));
    assertThat(listed(arn))
        .containsOnly(
            Map.entry("owner", "alice"), Map.entry("env", "prod"), Map.entry("cost-center", "42"));

    // an existing key is overwritten, not duplicated
    swf.tagResource(r -> r.resourceArn(arn).tags(tag("owner", "bob")));
    assertThat(listed(arn))
        .containsOnly(
            Map.entry("owner", "bob"), Map.entry("env", "prod"), Map.entry("cost-center", "42"));

    // removing keys; keys that are not there are ignored
    swf.untagResource(r -> r.resourceArn(arn).tagKeys("env", "not-there"));
    assertThat(listed(arn)).containsOnly(Map.entry("owner", "bob"), Map.entry("cost-center", "42"));
    swf.untagResource(r -> r.resourceArn(arn).tagKeys("owner", "cost-center"));
    assertThat(listed(arn)).isEmpty();
  }

  @Test
  void aTagMayHaveAnEmptyOrNoValue(TestInfo info) {
    String arn = arn(domain(info));
    swf.tagResource(
        r ->
            r.resourceArn(arn)
                .tags(tag("empty", ""), ResourceTag.builder().key("novalue").build()));
    List<ResourceTag> t = swf.listTagsForResource(r -> r.resourceArn(arn)).tags();
    assertThat(t).extracting(ResourceTag::key).containsExactlyInAnyOrder("empty", "novalue");
    assertThat(t.stream().filter(x -> x.key().equals("empty")).findFirst().orElseThrow().value())
        .isEmpty();
    assertThat(t.stream().filter(x -> x.key().equals("novalue")).findFirst().orElseThrow().value())
        .isNull();
  }

  @Test
  void deprecatedDomainsCanStillBeTagged(TestInfo info) {
    String name = domain(info);
    swf.deprecateDomain(r -> r.name(name));
    swf.tagResource(r -> r.resourceArn(arn(name)).tags(tag("state", "old")));
    assertThat(listed(arn(name))).containsExactly(Map.entry("state", "old"));
  }

  @Test
  void fiftyTagsAtRegistrationButNotFiftyOne(TestInfo info) {
    String name = domain(info, tags(0, 50).toArray(ResourceTag[]::new));
    assertThat(listed(arn(name))).hasSize(50);

    String tooMany = name + "-51";
    fault(
        TooManyTagsException.class,
        "TooManyTagsFault",
        () ->
            swf.registerDomain(
                r ->
                    r.name(tooMany).workflowExecutionRetentionPeriodInDays("1").tags(tags(0, 51))));
    // the refused registration left nothing behind
    fault(
        UnknownResourceException.class,
        "UnknownResourceFault",
        () -> swf.describeDomain(r -> r.name(tooMany)));
  }

  @Test
  void atMostFiftyTagsAfterTagResource(TestInfo info) {
    String arn = arn(domain(info, tags(0, 40).toArray(ResourceTag[]::new)));
    swf.tagResource(r -> r.resourceArn(arn).tags(tags(40, 50)));
    assertThat(listed(arn)).hasSize(50);

    // one more is too many, and the call changes nothing
    fault(
        TooManyTagsException.class,
        "TooManyTagsFault",
        () -> swf.tagResource(r -> r.resourceArn(arn).tags(tag("k50", "v50"))));
    fault(
        TooManyTagsException.class,
        "TooManyTagsFault",
        () ->
            swf.tagResource(r -> r.resourceArn(arn).tags(tag("k0", "changed"), tag("extra", "x"))));
    Map<String, String> now = listed(arn);
    assertThat(now)
        .hasSize(50)
        .containsEntry("k0", "v0")
        .doesNotContainKey("k50")
        .doesNotContainKey("extra");

    // overwriting keys that already exist does not add to the count
    swf.tagResource(r -> r.resourceArn(arn).tags(tag("k0", "new0"), tag("k49", "new49")));
    assertThat(listed(arn)).hasSize(50).containsEntry("k0", "new0").containsEntry("k49", "new49");

    // after removing one, there is room for one
    swf.untagResource(r -> r.resourceArn(arn).tagKeys("k1"));
    swf.tagResource(r -> r.resourceArn(arn).tags(tag("k50", "v50")));
    assertThat(listed(arn)).hasSize(50).containsKey("k50").doesNotContainKey("k1");

    // fifty-one at once into an empty domain
    String other = arn(domain(info));
    fault(
        TooManyTagsException.class,
        "TooManyTagsFault",
        () -> swf.tagResource(r -> r.resourceArn(other).tags(tags(0, 51))));
    assertThat(listed(other)).isEmpty();
  }

  @Test
  void unknownResourcesAreUnknown(TestInfo info) {
    String name = domain(info);
    List<String> unknown =
        List.of(
            arn("no-such-domain"),
            "arn:aws:swf:us-west-2:123456789012:/domain/" + name, // right name, other region
            "arn:aws:swf:us-east-1:999999999999:/domain/" + name, // other account
            "arn:aws:swf:us-east-1:123456789012:/domain/",
            "arn:aws:sqs:us-east-1:123456789012:" + name,
            "not-an-arn");
    for (String bad : unknown) {
      var e1 =
          fault(
              UnknownResourceException.class,
              "UnknownResourceFault",
              () -> swf.listTagsForResource(r -> r.resourceArn(bad)));
      assertThat(message(e1)).as(bad).contains(bad);
      fault(
          UnknownResourceException.class,
          "UnknownResourceFault",
          () -> swf.tagResource(r -> r.resourceArn(bad).tags(tag("a", "b"))));
      fault(
          UnknownResourceException.class,
          "UnknownResourceFault",
          () -> swf.untagResource(r -> r.resourceArn(bad).tagKeys("a")));
    }
  }

  @Test
  void keyAndValueConstraintsOfTheModel(TestInfo info) {
    String name = domain(info);
    String arn = arn(name);
    String key129 = "k".repeat(129);
    String value257 = "v".repeat(257);

    assertThat(
            message(validation(() -> swf.tagResource(r -> r.resourceArn(arn).tags(tag("", "v"))))))
        .isEqualTo(
            "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1");
    assertThat(
            message(
                validation(
                    () ->
                        swf.tagResource(
                            r -> r.resourceArn(arn).tags(tag("ok", "v"), tag(key129, "v"))))))
        .isEqualTo(
            "1 validation error detected: Value '"
                + key129
                + "' at 'tags.2.member.key' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128");
    assertThat(
            message(
                validation(
                    () -> swf.tagResource(r -> r.resourceArn(arn).tags(tag("ok", value257))))))
        .isEqualTo(
            "1 validation error detected: Value '"
                + value257
                + "' at 'tags.1.member.value' failed to satisfy constraint: "
                + "Member must have length less than or equal to 256");
    assertThat(
            message(
                validation(
                    () ->
                        swf.tagResource(
                            r ->
                                r.resourceArn(arn)
                                    .tags(ResourceTag.builder().value("v").build())))))
        .isEqualTo(
            "1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: "
                + "Member must not be null");
    assertThat(
            message(validation(() -> swf.untagResource(r -> r.resourceArn(arn).tagKeys(key129)))))
        .isEqualTo(
            "1 validation error detected: Value '"
                + key129
                + "' at 'tagKeys.1.member' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128");
    assertThat(message(validation(() -> swf.listTagsForResource(r -> r.resourceArn("")))))
        .isEqualTo(
            "1 validation error detected: Value '' at 'resourceArn' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1");
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerDomain(
                            r ->
                                r.name(name + "-x")
                                    .workflowExecutionRetentionPeriodInDays("1")
                                    .tags(tag(key129, "v"))))))
        .isEqualTo(
            "1 validation error detected: Value '"
                + key129
                + "' at 'tags.1.member.key' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128");
    // the limits themselves are fine
    swf.tagResource(r -> r.resourceArn(arn).tags(tag("k".repeat(128), "v".repeat(256))));
    assertThat(listed(arn)).containsExactly(Map.entry("k".repeat(128), "v".repeat(256)));
  }

  @Test
  void tagsBelongToTheDomainOfTheirRegion(TestInfo info) {
    String name = info.getTestMethod().orElseThrow().getName();
    try (SwfClient west = swfd.client(Region.US_WEST_2)) {
      swf.registerDomain(
          r ->
              r.name(name).workflowExecutionRetentionPeriodInDays("1").tags(tag("region", "east")));
      west.registerDomain(
          r ->
              r.name(name).workflowExecutionRetentionPeriodInDays("1").tags(tag("region", "west")));
      String westArn = "arn:aws:swf:us-west-2:123456789012:/domain/" + name;
      assertThat(listed(arn(name))).containsExactly(Map.entry("region", "east"));
      assertThat(west.listTagsForResource(r -> r.resourceArn(westArn)).tags())
          .containsExactly(tag("region", "west"));
      // an ARN of one region cannot be used from another
      fault(
          UnknownResourceException.class,
          "UnknownResourceFault",
          () -> west.listTagsForResource(r -> r.resourceArn(arn(name))));
    }
  }
}
