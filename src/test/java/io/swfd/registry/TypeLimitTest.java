package io.swfd.registry;

import static io.swfd.support.SwfTestClient.fault;
import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityType;
import software.amazon.awssdk.services.swf.model.LimitExceededException;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;

/**
 * At most 10,000 activity types per domain, deprecated ones included: checked for real, with
 * concurrent registrations. Registration is serialized in the registry, so this takes 15-30 s on a
 * busy two-core machine; it only runs with {@code -Dswfd.slowTests=true}.
 */
@EnabledIfSystemProperty(
    named = "swfd.slowTests",
    matches = "true",
    disabledReason = "registers 10,000 types (15-30 s); run with -Dswfd.slowTests=true")
class TypeLimitTest {
  private static final int LIMIT = 10_000;
  private static RunningSwfd swfd;
  private static SwfClient swf;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    swfd = new RunningSwfd();
    swf = swfd.client();
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    swf.close();
    swfd.close();
  }

  @Test
  void tenThousandActivityTypesPerDomainAndNotOneMore() throws Exception {
    String domain = "many-types";
    swf.registerDomain(r -> r.name(domain).workflowExecutionRetentionPeriodInDays("1"));

    // 10,000 registrations plus 50 racing for the last places, 32 in flight at a time, as signed
    // raw HTTP requests: the SDK's pipeline would only add client CPU to a test of the server's
    // limit.
    long started = System.nanoTime();
    int attempts = LIMIT + 50;
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<String>> results = new ArrayList<>(attempts);
    for (int i = 0; i < attempts; i++) {
      String body =
          String.format(
              "{\"domain\": \"%s\", \"name\": \"task\", \"version\": \"v%05d\"}", domain, i);
      HttpRequest request =
          RawRequests.signedPost(
                  swfd.endpoint(), "SimpleWorkflowService.RegisterActivityType", body)
              .build();
      inFlight.acquire();
      results.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .whenComplete((r, t) -> inFlight.release())
              .thenApply(r -> r.statusCode() == 200 ? "ok" : r.statusCode() + " " + r.body()));
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    Map<String, Long> outcomes =
        results.stream()
            .map(CompletableFuture::join)
            .collect(
                Collectors.groupingBy(
                    o -> o.startsWith("400 ") && o.contains("#LimitExceededFault") ? "limit" : o,
                    Collectors.counting()));
    assertThat(outcomes)
        .containsExactlyInAnyOrderEntriesOf(Map.of("ok", (long) LIMIT, "limit", 50L));
    System.out.printf(
        "registered %d activity types in %d ms%n",
        LIMIT, (System.nanoTime() - started) / 1_000_000);

    // deprecated types still count
    swf.deprecateActivityType(
        r ->
            r.domain(domain)
                .activityType(ActivityType.builder().name("task").version("v00000").build()));
    fault(
        LimitExceededException.class,
        "LimitExceededFault",
        () -> swf.registerActivityType(r -> r.domain(domain).name("one-more").version("1")));

    // every accepted type is there: ten full pages of 1,000
    var pages =
        swf.listActivityTypesPaginator(
            r -> r.domain(domain).registrationStatus(RegistrationStatus.REGISTERED));
    assertThat(pages.stream().mapToInt(p -> p.typeInfos().size()).boxed().toList())
        .containsExactly(1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 999);
    assertThat(
            swf.listActivityTypes(
                    r -> r.domain(domain).registrationStatus(RegistrationStatus.DEPRECATED))
                .typeInfos())
        .hasSize(1);

    // deleting one makes room for one
    swf.deleteActivityType(
        r ->
            r.domain(domain)
                .activityType(ActivityType.builder().name("task").version("v00000").build()));
    swf.registerActivityType(r -> r.domain(domain).name("one-more").version("1"));
    fault(
        LimitExceededException.class,
        "LimitExceededFault",
        () -> swf.registerActivityType(r -> r.domain(domain).name("one-more").version("2")));

    // the limit is per kind and per domain
    swf.registerWorkflowType(r -> r.domain(domain).name("task").version("v1"));
    swf.registerDomain(r -> r.name(domain + "-2").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerActivityType(r -> r.domain(domain + "-2").name("task").version("v1"));
  }
}
