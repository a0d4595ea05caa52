package io.swfd.registry;

import static io.swfd.support.SwfTestClient.fault;
import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.ActivityTypeConfiguration;
import software.amazon.awssdk.services.swf.model.ActivityTypeInfo;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.DescribeActivityTypeResponse;
import software.amazon.awssdk.services.swf.model.DescribeWorkflowTypeResponse;
import software.amazon.awssdk.services.swf.model.DomainDeprecatedException;
import software.amazon.awssdk.services.swf.model.ListActivityTypesResponse;
import software.amazon.awssdk.services.swf.model.ListWorkflowTypesResponse;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.TaskList;
import software.amazon.awssdk.services.swf.model.TypeAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.TypeDeprecatedException;
import software.amazon.awssdk.services.swf.model.TypeNotDeprecatedException;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;
import software.amazon.awssdk.services.swf.model.WorkflowType;
import software.amazon.awssdk.services.swf.model.WorkflowTypeConfiguration;
import software.amazon.awssdk.services.swf.model.WorkflowTypeInfo;

/**
 * Workflow and activity types: register, describe, list, deprecate, undeprecate, delete, and their
 * faults.
 */
class TypesTest {
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

  /** A fresh domain for one test. */
  private static String domain(TestInfo info) {
    String name = info.getTestMethod().orElseThrow().getName() + "-" + SEQ.incrementAndGet();
    swf.registerDomain(r -> r.name(name).workflowExecutionRetentionPeriodInDays("1"));
    return name;
  }

  private static WorkflowType wf(String name, String version) {
    return WorkflowType.builder().name(name).version(version).build();
  }

  private static ActivityType act(String name, String version) {
    return ActivityType.builder().name(name).version(version).build();
  }

  private static void registerWf(String domain, String name, String version) {
    swf.registerWorkflowType(r -> r.domain(domain).name(name).version(version));
  }

  private static void registerAct(String domain, String name, String version) {
    swf.registerActivityType(r -> r.domain(domain).name(name).version(version));
  }

  private static void assertRecent(Instant t, Instant before) {
    assertThat(t).isBetween(before.truncatedTo(ChronoUnit.MILLIS), Instant.now());
  }

  // ------------------------------------------------------------ register / describe

  @Test
  void workflowTypeIsDescribedWithEveryDefaultAsRegistered(TestInfo info) {
    String domain = domain(info);
    Instant before = Instant.now();
    swf.registerWorkflowType(
        r ->
            r.domain(domain)
                .name("order")
                .version("v1")
                .description("places an order")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskList(TaskList.builder().name("deciders").build())
                .defaultTaskPriority("-5")
                .defaultChildPolicy(ChildPolicy.REQUEST_CANCEL)
                .defaultLambdaRole("arn:aws:iam::123456789012:role/swf-lambda"));

    DescribeWorkflowTypeResponse d =
        swf.describeWorkflowType(r -> r.domain(domain).workflowType(wf("order", "v1")));
    WorkflowTypeInfo ti = d.typeInfo();
    assertThat(ti.workflowType()).isEqualTo(wf("order", "v1"));
    assertThat(ti.status()).isEqualTo(RegistrationStatus.REGISTERED);
    assertThat(ti.description()).isEqualTo("places an order");
    assertRecent(ti.creationDate(), before);
    assertThat(ti.deprecationDate()).isNull();

    WorkflowTypeConfiguration c = d.configuration();
    assertThat(c.defaultTaskStartToCloseTimeout()).isEqualTo("NONE");
    assertThat(c.defaultExecutionStartToCloseTimeout()).isEqualTo("3600");
    assertThat(c.defaultTaskList()).isEqualTo(TaskList.builder().name("deciders").build());
    assertThat(c.defaultTaskPriority()).isEqualTo("-5");
    assertThat(c.defaultChildPolicy()).isEqualTo(ChildPolicy.REQUEST_CANCEL);
    assertThat(c.defaultLambdaRole()).isEqualTo("arn:aws:iam::123456789012:role/swf-lambda");
  }

  @Test
  void workflowTypeWithoutDefaultsHasNoneInItsConfiguration(TestInfo info) {
    String domain = domain(info);
    registerWf(domain, "bare", "1");
    DescribeWorkflowTypeResponse d =
        swf.describeWorkflowType(r -> r.domain(domain).workflowType(wf("bare", "1")));
    assertThat(d.typeInfo().description()).isNull();
    WorkflowTypeConfiguration c = d.configuration();
    assertThat(c.defaultTaskStartToCloseTimeout()).isNull();
    assertThat(c.defaultExecutionStartToCloseTimeout()).isNull();
    assertThat(c.defaultTaskList()).isNull();
    assertThat(c.defaultTaskPriority()).isNull();
    assertThat(c.defaultChildPolicy()).isNull();
    assertThat(c.defaultChildPolicyAsString()).isNull();
    assertThat(c.defaultLambdaRole()).isNull();
  }

  @Test
  void activityTypeIsDescribedWithEveryDefaultAsRegistered(TestInfo info) {
    String domain = domain(info);
    Instant before = Instant.now();
    swf.registerActivityType(
        r ->
            r.domain(domain)
                .name("charge")
                .version("2024-01")
                .description("charges a card")
                .defaultTaskStartToCloseTimeout("300")
                .defaultTaskHeartbeatTimeout("NONE")
                .defaultTaskList(TaskList.builder().name("workers").build())
                .defaultTaskPriority("10")
                .defaultTaskScheduleToStartTimeout("60")
                .defaultTaskScheduleToCloseTimeout("360"));

    DescribeActivityTypeResponse d =
        swf.describeActivityType(r -> r.domain(domain).activityType(act("charge", "2024-01")));
    ActivityTypeInfo ti = d.typeInfo();
    assertThat(ti.activityType()).isEqualTo(act("charge", "2024-01"));
    assertThat(ti.status()).isEqualTo(RegistrationStatus.REGISTERED);
    assertThat(ti.description()).isEqualTo("charges a card");
    assertRecent(ti.creationDate(), before);
    assertThat(ti.deprecationDate()).isNull();

    ActivityTypeConfiguration c = d.configuration();
    assertThat(c.defaultTaskStartToCloseTimeout()).isEqualTo("300");
    assertThat(c.defaultTaskHeartbeatTimeout()).isEqualTo("NONE");
    assertThat(c.defaultTaskList()).isEqualTo(TaskList.builder().name("workers").build());
    assertThat(c.defaultTaskPriority()).isEqualTo("10");
    assertThat(c.defaultTaskScheduleToStartTimeout()).isEqualTo("60");
    assertThat(c.defaultTaskScheduleToCloseTimeout()).isEqualTo("360");
  }

  @Test
  void activityTypeWithoutDefaultsHasNoneInItsConfiguration(TestInfo info) {
    String domain = domain(info);
    registerAct(domain, "bare", "1");
    ActivityTypeConfiguration c =
        swf.describeActivityType(r -> r.domain(domain).activityType(act("bare", "1")))
            .configuration();
    assertThat(c.defaultTaskStartToCloseTimeout()).isNull();
    assertThat(c.defaultTaskHeartbeatTimeout()).isNull();
    assertThat(c.defaultTaskList()).isNull();
    assertThat(c.defaultTaskPriority()).isNull();
    assertThat(c.defaultTaskScheduleToStartTimeout()).isNull();
    assertThat(c.defaultTaskScheduleToCloseTimeout()).isNull();
  }

  @Test
  void typeAlreadyExistsAlsoWhenDeprecated(TestInfo info) {
    String domain = domain(info);
    registerWf(domain, "dup", "1");
    registerAct(domain, "dup", "1"); // workflow and activity types are separate name spaces
    registerWf(domain, "dup", "2");

    var e =
        fault(
            TypeAlreadyExistsException.class,
            "TypeAlreadyExistsFault",
            () -> registerWf(domain, "dup", "1"));
    assertThat(message(e)).isEqualTo("WorkflowType=[name=dup, version=1]");
    var a =
        fault(
            TypeAlreadyExistsException.class,
            "TypeAlreadyExistsFault",
            () -> registerAct(domain, "dup", "1"));
    assertThat(message(a)).isEqualTo("ActivityType=[name=dup, version=1]");

    swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(wf("dup", "1")));
    swf.deprecateActivityType(r -> r.domain(domain).activityType(act("dup", "1")));
    assertThat(
            message(
                fault(
                    TypeAlreadyExistsException.class,
                    "TypeAlreadyExistsFault",
                    () -> registerWf(domain, "dup", "1"))))
        .isEqualTo("WorkflowType=[name=dup, version=1]");
    assertThat(
            message(
                fault(
                    TypeAlreadyExistsException.class,
                    "TypeAlreadyExistsFault",
                    () -> registerAct(domain, "dup", "1"))))
        .isEqualTo("ActivityType=[name=dup, version=1]");
  }

  @Test
  void theSameTypeNameMayExistInTwoDomains(TestInfo info) {
    String d1 = domain(info);
    String d2 = domain(info);
    swf.registerWorkflowType(r -> r.domain(d1).name("shared").version("1").description("one"));
    swf.registerWorkflowType(r -> r.domain(d2).name("shared").version("1").description("two"));
    assertThat(
            swf.describeWorkflowType(r -> r.domain(d1).workflowType(wf("shared", "1")))
                .typeInfo()
                .description())
        .isEqualTo("one");
    assertThat(
            swf.describeWorkflowType(r -> r.domain(d2).workflowType(wf("shared", "1")))
                .typeInfo()
                .description())
        .isEqualTo("two");
  }

  @Test
  void registeringIntoADeprecatedDomainIsRefused(TestInfo info) {
    String domain = domain(info);
    registerWf(domain, "before", "1");
    swf.deprecateDomain(r -> r.name(domain));
    var e =
        fault(
            DomainDeprecatedException.class,
            "DomainDeprecatedFault",
            () -> registerWf(domain, "after", "1"));
    assertThat(message(e)).isEqualTo(domain);
    var a =
        fault(
            DomainDeprecatedException.class,
            "DomainDeprecatedFault",
            () -> registerAct(domain, "after", "1"));
    assertThat(message(a)).isEqualTo(domain);
    // what exists can still be looked at
    assertThat(
            swf.describeWorkflowType(r -> r.domain(domain).workflowType(wf("before", "1")))
                .typeInfo())
        .isNotNull();
    // and after undeprecation registration works again
    swf.undeprecateDomain(r -> r.name(domain));
    registerWf(domain, "after", "1");
  }

  // ------------------------------------------------------------ deprecate / undeprecate / delete

  @Test
  void workflowTypeLifecycle(TestInfo info) {
    String domain = domain(info);
    registerWf(domain, "life", "1");
    WorkflowType t = wf("life", "1");
    String describe = "WorkflowType=[name=life, version=1]";

    var notDeprecated =
        fault(
            TypeNotDeprecatedException.class,
            "TypeNotDeprecatedFault",
            () -> swf.deleteWorkflowType(r -> r.domain(domain).workflowType(t)));
    assertThat(message(notDeprecated)).contains(describe);

    var already =
        fault(
            TypeAlreadyExistsException.class,
            "TypeAlreadyExistsFault",
            () -> swf.undeprecateWorkflowType(r -> r.domain(domain).workflowType(t)));
    assertThat(message(already)).isEqualTo(describe);

    Instant before = Instant.now();
    swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(t));
    WorkflowTypeInfo deprecated =
        swf.describeWorkflowType(r -> r.domain(domain).workflowType(t)).typeInfo();
    assertThat(deprecated.status()).isEqualTo(RegistrationStatus.DEPRECATED);
    assertRecent(deprecated.deprecationDate(), before);
    assertThat(deprecated.creationDate()).isBefore(deprecated.deprecationDate().plusMillis(1));

    var twice =
        fault(
            TypeDeprecatedException.class,
            "TypeDeprecatedFault",
            () -> swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(t)));
    assertThat(message(twice)).isEqualTo(describe);

    swf.undeprecateWorkflowType(r -> r.domain(domain).workflowType(t));
    WorkflowTypeInfo back =
        swf.describeWorkflowType(r -> r.domain(domain).workflowType(t)).typeInfo();
    assertThat(back.status()).isEqualTo(RegistrationStatus.REGISTERED);
    assertThat(back.deprecationDate()).isNull();

    swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(t));
    swf.deleteWorkflowType(r -> r.domain(domain).workflowType(t));
    var gone =
        fault(
            UnknownResourceException.class,
            "UnknownResourceFault",
            () -> swf.describeWorkflowType(r -> r.domain(domain).workflowType(t)));
    assertThat(message(gone)).isEqualTo("Unknown type: " + describe);
    assertThat(
            swf.listWorkflowTypes(
                    r -> r.domain(domain).registrationStatus(RegistrationStatus.DEPRECATED))
                .typeInfos())
        .isEmpty();
    // a deleted type's name and version can be registered again
    swf.registerWorkflowType(r -> r.domain(domain).name("life").version("1").description("reborn"));
    assertThat(
            swf.describeWorkflowType(r -> r.domain(domain).workflowType(t))
                .typeInfo()
                .description())
        .isEqualTo("reborn");
  }

  @Test
  void activityTypeLifecycle(TestInfo info) {
    String domain = domain(info);
    swf.registerActivityType(
        r -> r.domain(domain).name("life").version("1").defaultTaskHeartbeatTimeout("30"));
    ActivityType t = act("life", "1");
    String describe = "ActivityType=[name=life, version=1]";

    fault(
        TypeNotDeprecatedException.class,
        "TypeNotDeprecatedFault",
        () -> swf.deleteActivityType(r -> r.domain(domain).activityType(t)));
    assertThat(
            message(
                fault(
                    TypeAlreadyExistsException.class,
                    "TypeAlreadyExistsFault",
                    () -> swf.undeprecateActivityType(r -> r.domain(domain).activityType(t)))))
        .isEqualTo(describe);

    swf.deprecateActivityType(r -> r.domain(domain).activityType(t));
    DescribeActivityTypeResponse d =
        swf.describeActivityType(r -> r.domain(domain).activityType(t));
    assertThat(d.typeInfo().status()).isEqualTo(RegistrationStatus.DEPRECATED);
    assertThat(d.typeInfo().deprecationDate()).isNotNull();
    assertThat(d.configuration().defaultTaskHeartbeatTimeout()).isEqualTo("30");

    assertThat(
            message(
                fault(
                    TypeDeprecatedException.class,
                    "TypeDeprecatedFault",
                    () -> swf.deprecateActivityType(r -> r.domain(domain).activityType(t)))))
        .isEqualTo(describe);

    swf.undeprecateActivityType(r -> r.domain(domain).activityType(t));
    assertThat(swf.describeActivityType(r -> r.domain(domain).activityType(t)).typeInfo().status())
        .isEqualTo(RegistrationStatus.REGISTERED);

    swf.deprecateActivityType(r -> r.domain(domain).activityType(t));
    swf.deleteActivityType(r -> r.domain(domain).activityType(t));
    assertThat(
            message(
                fault(
                    UnknownResourceException.class,
                    "UnknownResourceFault",
                    () -> swf.describeActivityType(r -> r.domain(domain).activityType(t)))))
        .isEqualTo("Unknown type: " + describe);
    assertThat(
            message(
                fault(
                    UnknownResourceException.class,
                    "UnknownResourceFault",
                    () -> swf.deleteActivityType(r -> r.domain(domain).activityType(t)))))
        .isEqualTo("Unknown type: " + describe);
  }

  @Test
  void unknownTypeIsAnUnknownResourceForEveryOperation(TestInfo info) {
    String domain = domain(info);
    registerWf(domain, "known", "1");
    registerAct(domain, "known", "1");
    WorkflowType w = wf("known", "2"); // right name, wrong version
    ActivityType a = act("nope", "1");
    List<ThrowingCallable> wfCalls =
        List.of(
            () -> swf.describeWorkflowType(r -> r.domain(domain).workflowType(w)),
            () -> swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(w)),
            () -> swf.undeprecateWorkflowType(r -> r.domain(domain).workflowType(w)),
            () -> swf.deleteWorkflowType(r -> r.domain(domain).workflowType(w)));
    for (ThrowingCallable call : wfCalls) {
      assertThat(message(fault(UnknownResourceException.class, "UnknownResourceFault", call)))
          .isEqualTo("Unknown type: WorkflowType=[name=known, version=2]");
    }
    List<ThrowingCallable> actCalls =
        List.of(
            () -> swf.describeActivityType(r -> r.domain(domain).activityType(a)),
            () -> swf.deprecateActivityType(r -> r.domain(domain).activityType(a)),
            () -> swf.undeprecateActivityType(r -> r.domain(domain).activityType(a)),
            () -> swf.deleteActivityType(r -> r.domain(domain).activityType(a)));
    for (ThrowingCallable call : actCalls) {
      assertThat(message(fault(UnknownResourceException.class, "UnknownResourceFault", call)))
          .isEqualTo("Unknown type: ActivityType=[name=nope, version=1]");
    }
    // an activity type is not a workflow type
    assertThat(
            message(
                fault(
                    UnknownResourceException.class,
                    "UnknownResourceFault",
                    () ->
                        swf.describeActivityType(
                            r -> r.domain(domain).activityType(act("known", "2"))))))
        .isEqualTo("Unknown type: ActivityType=[name=known, version=2]");
  }

  @Test
  void unknownDomainIsAnUnknownResourceForTypeOperations() {
    String domain = "no-such-domain";
    List<ThrowingCallable> calls =
        List.of(
            () -> registerWf(domain, "a", "1"),
            () -> registerAct(domain, "a", "1"),
            () -> swf.describeWorkflowType(r -> r.domain(domain).workflowType(wf("a", "1"))),
            () -> swf.describeActivityType(r -> r.domain(domain).activityType(act("a", "1"))),
            () ->
                swf.listWorkflowTypes(
                    r -> r.domain(domain).registrationStatus(RegistrationStatus.REGISTERED)),
            () ->
                swf.listActivityTypes(
                    r -> r.domain(domain).registrationStatus(RegistrationStatus.REGISTERED)),
            () -> swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(wf("a", "1"))),
            () -> swf.undeprecateActivityType(r -> r.domain(domain).activityType(act("a", "1"))),
            () -> swf.deleteWorkflowType(r -> r.domain(domain).workflowType(wf("a", "1"))));
    for (ThrowingCallable call : calls) {
      assertThat(message(fault(UnknownResourceException.class, "UnknownResourceFault", call)))
          .isEqualTo("Unknown domain: " + domain);
    }
  }

  // ------------------------------------------------------------ validation of registrations

  @Test
  void invalidRegistrationsAreValidationErrors(TestInfo info) {
    String domain = domain(info);
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerWorkflowType(
                            r ->
                                r.domain(domain)
                                    .name("x")
                                    .version("1")
                                    .defaultExecutionStartToCloseTimeout("NONE")))))
        .startsWith(
            "1 validation error detected: Value 'NONE' at 'defaultExecutionStartToCloseTimeout' failed to satisfy constraint: ");
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerWorkflowType(
                            r ->
                                r.domain(domain)
                                    .name("x")
                                    .version("1")
                                    .defaultChildPolicy("KILL")))))
        .isEqualTo(
            "1 validation error detected: Value 'KILL' at 'defaultChildPolicy' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [TERMINATE, REQUEST_CANCEL, ABANDON]");
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerActivityType(
                            r ->
                                r.domain(domain)
                                    .name("x")
                                    .version("1")
                                    .defaultTaskHeartbeatTimeout("1m")))))
        .startsWith(
            "1 validation error detected: Value '1m' at 'defaultTaskHeartbeatTimeout' failed to satisfy constraint: ");
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerActivityType(
                            r ->
                                r.domain(domain)
                                    .name("x")
                                    .version("1")
                                    .defaultTaskPriority("high")))))
        .startsWith(
            "1 validation error detected: Value 'high' at 'defaultTaskPriority' failed to satisfy constraint: ");
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerActivityType(
                            r ->
                                r.domain(domain)
                                    .name("x")
                                    .version("1")
                                    .defaultTaskScheduleToCloseTimeout("123456789")))))
        .isEqualTo(
            "1 validation error detected: Value '123456789' at 'defaultTaskScheduleToCloseTimeout' failed to satisfy "
                + "constraint: Member must have length less than or equal to 8");
    assertThat(message(validation(() -> registerWf(domain, "x", "v".repeat(65)))))
        .isEqualTo(
            "1 validation error detected: Value '"
                + "v".repeat(65)
                + "' at 'version' failed to satisfy constraint: Member must have length less than or equal to 64");
    assertThat(message(validation(() -> registerWf(domain, "a:b", "1"))))
        .startsWith("1 validation error detected: Value 'a:b' at 'name'");
    assertThat(message(validation(() -> registerAct(domain, "ok", "1|2"))))
        .startsWith("1 validation error detected: Value '1|2' at 'version'");
    assertThat(
            message(
                validation(
                    () ->
                        swf.registerActivityType(
                            r ->
                                r.domain(domain)
                                    .name("x")
                                    .version("1")
                                    .defaultTaskList(
                                        TaskList.builder().name("bad:list").build())))))
        .startsWith("1 validation error detected: Value 'bad:list' at 'defaultTaskList.name'");
    assertThat(message(validation(() -> swf.registerWorkflowType(r -> r.domain(domain).name("x")))))
        .isEqualTo(
            "1 validation error detected: Value null at 'version' failed to satisfy constraint: Member must not be null");
    // none of these registered anything
    assertThat(
            swf.listWorkflowTypes(
                    r -> r.domain(domain).registrationStatus(RegistrationStatus.REGISTERED))
                .typeInfos())
        .isEmpty();
    assertThat(
            swf.listActivityTypes(
                    r -> r.domain(domain).registrationStatus(RegistrationStatus.REGISTERED))
                .typeInfos())
        .isEmpty();
  }

  // ------------------------------------------------------------ list

  /**
   * (name, version) pairs in the order lists return them; versions sort the same as text and as
   * numbers.
   */
  private static final List<List<String>> ORDERED =
      List.of(
          List.of("alpha", "v1"),
          List.of("alpha", "v2"),
          List.of("alpha", "v3"),
          List.of("beta", "v1"),
          List.of("delta", "v1"),
          List.of("delta", "v2"),
          List.of("gamma", "v1"));

  private static List<List<String>> shuffledTypes() {
    List<List<String>> s = new ArrayList<>(ORDERED);
    Collections.shuffle(s, new Random(42));
    return s;
  }

  @Test
  void listWorkflowTypesByNameStatusPagesAndOrder(TestInfo info) {
    String domain = domain(info);
    shuffledTypes().forEach(t -> registerWf(domain, t.get(0), t.get(1)));
    registerAct(domain, "alpha", "v9"); // activity types never show up in workflow type lists
    swf.deprecateWorkflowType(r -> r.domain(domain).workflowType(wf("delta", "v1")));

    List<List<String>> registered = new ArrayList<>(ORDERED);
    registered.remove(List.of("delta", "v1"));
    assertThat(listWf(domain, RegistrationStatus.REGISTERED, null, 0, false))
        .containsExactlyElementsOf(registered);
    assertThat(listWf(domain, RegistrationStatus.DEPRECATED, null, 0, false))
        .containsExactly(List.of("delta", "v1"));
    assertThat(listWf(domain, RegistrationStatus.REGISTERED, "alpha", 0, false))
        .containsExactly(List.of("alpha", "v1"), List.of("alpha", "v2"), List.of("alpha", "v3"));
    assertThat(listWf(domain, RegistrationStatus.REGISTERED, "delta", 0, false))
        .containsExactly(List.of("delta", "v2"));
    assertThat(listWf(domain, RegistrationStatus.REGISTERED, "nothing", 0, false)).isEmpty();

    for (int size : new int[] {1, 2, 4}) {
      assertThat(listWf(domain, RegistrationStatus.REGISTERED, null, size, false))
          .as("page size %d", size)
          .containsExactlyElementsOf(registered);
      List<List<String>> reversed = new ArrayList<>(registered);
      Collections.reverse(reversed);
      assertThat(listWf(domain, RegistrationStatus.REGISTERED, null, size, true))
          .as("reverse, page size %d", size)
          .containsExactlyElementsOf(reversed);
    }
    assertThat(listWf(domain, RegistrationStatus.REGISTERED, "alpha", 2, true))
        .containsExactly(List.of("alpha", "v3"), List.of("alpha", "v2"), List.of("alpha", "v1"));

    var pages =
        swf.listWorkflowTypesPaginator(
            r ->
                r.domain(domain)
                    .registrationStatus(RegistrationStatus.REGISTERED)
                    .maximumPageSize(4));
    assertThat(pages.stream().map(p -> p.typeInfos().size()).toList()).containsExactly(4, 2);
    assertThat(
            pages.typeInfos().stream()
                .map(i -> List.of(i.workflowType().name(), i.workflowType().version()))
                .toList())
        .containsExactlyElementsOf(registered);
    assertThat(pages.typeInfos().stream().map(WorkflowTypeInfo::status).distinct().toList())
        .containsExactly(RegistrationStatus.REGISTERED);
  }

  @Test
  void listActivityTypesByNameStatusPagesAndOrder(TestInfo info) {
    String domain = domain(info);
    shuffledTypes()
        .forEach(
            t ->
                swf.registerActivityType(
                    r ->
                        r.domain(domain)
                            .name(t.get(0))
                            .version(t.get(1))
                            .description("d-" + t.get(0) + "-" + t.get(1))));
    registerWf(domain, "alpha", "v9");
    swf.deprecateActivityType(r -> r.domain(domain).activityType(act("alpha", "v2")));
    swf.deprecateActivityType(r -> r.domain(domain).activityType(act("gamma", "v1")));

    List<List<String>> registered = new ArrayList<>(ORDERED);
    registered.remove(List.of("alpha", "v2"));
    registered.remove(List.of("gamma", "v1"));
    assertThat(listAct(domain, RegistrationStatus.REGISTERED, null, 0, false))
        .containsExactlyElementsOf(registered);
    assertThat(listAct(domain, RegistrationStatus.DEPRECATED, null, 1, false))
        .containsExactly(List.of("alpha", "v2"), List.of("gamma", "v1"));
    assertThat(listAct(domain, RegistrationStatus.DEPRECATED, null, 1, true))
        .containsExactly(List.of("gamma", "v1"), List.of("alpha", "v2"));
    assertThat(listAct(domain, RegistrationStatus.REGISTERED, "alpha", 1, false))
        .containsExactly(List.of("alpha", "v1"), List.of("alpha", "v3"));
    for (int size : new int[] {1, 3}) {
      List<List<String>> reversed = new ArrayList<>(registered);
      Collections.reverse(reversed);
      assertThat(listAct(domain, RegistrationStatus.REGISTERED, null, size, false))
          .containsExactlyElementsOf(registered);
      assertThat(listAct(domain, RegistrationStatus.REGISTERED, null, size, true))
          .containsExactlyElementsOf(reversed);
    }

    ActivityTypeInfo first =
        swf.listActivityTypes(
                r ->
                    r.domain(domain)
                        .registrationStatus(RegistrationStatus.REGISTERED)
                        .maximumPageSize(1))
            .typeInfos()
            .get(0);
    assertThat(first.activityType()).isEqualTo(act("alpha", "v1"));
    assertThat(first.description()).isEqualTo("d-alpha-v1");
    assertThat(first.creationDate()).isNotNull();
    assertThat(first.deprecationDate()).isNull();

    var pages =
        swf.listActivityTypesPaginator(
            r ->
                r.domain(domain)
                    .registrationStatus(RegistrationStatus.REGISTERED)
                    .maximumPageSize(2)
                    .reverseOrder(true));
    List<List<String>> reversed = new ArrayList<>(registered);
    Collections.reverse(reversed);
    assertThat(
            pages.typeInfos().stream()
                .map(i -> List.of(i.activityType().name(), i.activityType().version()))
                .toList())
        .containsExactlyElementsOf(reversed);
  }

  private static List<List<String>> listWf(
      String domain, RegistrationStatus status, String name, int pageSize, boolean reverse) {
    List<List<String>> out = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListWorkflowTypesResponse page =
          swf.listWorkflowTypes(
              r ->
                  r.domain(domain)
                      .registrationStatus(status)
                      .name(name)
                      .maximumPageSize(pageSize)
                      .reverseOrder(reverse)
                      .nextPageToken(t));
      if (pageSize > 0 && page.nextPageToken() != null)
        assertThat(page.typeInfos()).hasSize(pageSize);
      page.typeInfos()
          .forEach(
              i -> {
                assertThat(i.status()).isEqualTo(status);
                out.add(List.of(i.workflowType().name(), i.workflowType().version()));
              });
      token = page.nextPageToken();
      assertThat(++pages).isLessThan(100);
    } while (token != null);
    return out;
  }

  private static List<List<String>> listAct(
      String domain, RegistrationStatus status, String name, int pageSize, boolean reverse) {
    List<List<String>> out = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListActivityTypesResponse page =
          swf.listActivityTypes(
              r ->
                  r.domain(domain)
                      .registrationStatus(status)
                      .name(name)
                      .maximumPageSize(pageSize)
                      .reverseOrder(reverse)
                      .nextPageToken(t));
      if (pageSize > 0 && page.nextPageToken() != null)
        assertThat(page.typeInfos()).hasSize(pageSize);
      page.typeInfos()
          .forEach(
              i -> {
                assertThat(i.status()).isEqualTo(status);
                out.add(List.of(i.activityType().name(), i.activityType().version()));
              });
      token = page.nextPageToken();
      assertThat(++pages).isLessThan(100);
    } while (token != null);
    return out;
  }

  // ------------------------------------------------------------ page tokens

  @Test
  void pageTokensAreTamperProofAndBoundToTheirOperation(TestInfo info) {
    String domain = domain(info);
    for (String v : List.of("v1", "v2", "v3")) {
      registerWf(domain, "w", v);
      registerAct(domain, "a", v);
    }
    String wfToken =
        swf.listWorkflowTypes(
                r ->
                    r.domain(domain)
                        .registrationStatus(RegistrationStatus.REGISTERED)
                        .maximumPageSize(1))
            .nextPageToken();
    assertThat(wfToken).isNotBlank();
    // the genuine token works
    assertThat(
            swf.listWorkflowTypes(
                    r ->
                        r.domain(domain)
                            .registrationStatus(RegistrationStatus.REGISTERED)
                            .maximumPageSize(1)
                            .nextPageToken(wfToken))
                .typeInfos())
        .extracting(i -> i.workflowType().version())
        .containsExactly("v2");

    // forged: not a token at all, one character changed, payload swapped
    String flipped = flip(wfToken, wfToken.length() / 3);
    String macFlipped = flip(wfToken, wfToken.length() - 2);
    for (String bad : List.of("garbage", "eyJ4IjoxfQ.AAAA", flipped, macFlipped, wfToken + "x")) {
      var e =
          validation(
              () ->
                  swf.listWorkflowTypes(
                      r ->
                          r.domain(domain)
                              .registrationStatus(RegistrationStatus.REGISTERED)
                              .nextPageToken(bad)));
      assertThat(message(e)).as(bad).isEqualTo("Invalid token");
    }

    // a token of one operation is no good for another
    var crossKind =
        validation(
            () ->
                swf.listActivityTypes(
                    r ->
                        r.domain(domain)
                            .registrationStatus(RegistrationStatus.REGISTERED)
                            .nextPageToken(wfToken)));
    assertThat(message(crossKind)).isEqualTo("Invalid token");

    swf.registerDomain(r -> r.name(domain + "-z1").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerDomain(r -> r.name(domain + "-z2").workflowExecutionRetentionPeriodInDays("1"));
    String domainsToken =
        swf.listDomains(r -> r.registrationStatus(RegistrationStatus.REGISTERED).maximumPageSize(1))
            .nextPageToken();
    assertThat(domainsToken).isNotBlank();
    assertThat(
            message(
                validation(
                    () ->
                        swf.listWorkflowTypes(
                            r ->
                                r.domain(domain)
                                    .registrationStatus(RegistrationStatus.REGISTERED)
                                    .nextPageToken(domainsToken)))))
        .isEqualTo("Invalid token");
    assertThat(
            message(
                validation(
                    () ->
                        swf.listDomains(
                            r ->
                                r.registrationStatus(RegistrationStatus.REGISTERED)
                                    .nextPageToken(wfToken)))))
        .isEqualTo("Invalid token");
    // a token longer than the model allows is a plain length violation
    assertThat(
            message(
                validation(
                    () ->
                        swf.listDomains(
                            r ->
                                r.registrationStatus(RegistrationStatus.REGISTERED)
                                    .nextPageToken("t".repeat(2049))))))
        .endsWith(
            "at 'nextPageToken' failed to satisfy constraint: Member must have length less than or equal to 2048");
  }

  /** The token with the character at i replaced by a different one of the same alphabet. */
  private static String flip(String token, int i) {
    char c = token.charAt(i);
    if (c == '.') return flip(token, i + 1);
    char replacement = c == 'A' ? 'B' : 'A';
    return token.substring(0, i) + replacement + token.substring(i + 1);
  }
}
