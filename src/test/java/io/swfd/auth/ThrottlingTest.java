package io.swfd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.server.ServerConfig;
import io.swfd.support.RunningSwfd;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.SwfException;

class ThrottlingTest {
  @Test
  void aBucketEmptiesAndRefills() {
    AtomicLong nanos = new AtomicLong();
    Throttler t =
        new Throttler(
            ThrottlingConfig.OFF.with(Map.of("ListDomains", new ThrottlingConfig.Rate(3, 2))),
            nanos::get);
    for (int i = 0; i < 3; i++) assertThat(t.tryAcquire("111111111111", "ListDomains")).isTrue();
    assertThat(t.tryAcquire("111111111111", "ListDomains")).isFalse();
    assertThat(t.tryAcquire("222222222222", "ListDomains")).as("another account's bucket").isTrue();
    assertThat(t.tryAcquire("111111111111", "DescribeDomain")).as("an API without a rate").isTrue();
    nanos.addAndGet(499_000_000L); // 0.998 tokens
    assertThat(t.tryAcquire("111111111111", "ListDomains")).isFalse();
    nanos.addAndGet(2_000_000L);
    assertThat(t.tryAcquire("111111111111", "ListDomains")).isTrue();
    assertThat(t.tryAcquire("111111111111", "ListDomains")).isFalse();
    nanos.addAndGet(3_600_000_000_000L); // never more than the bucket
    for (int i = 0; i < 3; i++) assertThat(t.tryAcquire("111111111111", "ListDomains")).isTrue();
    assertThat(t.tryAcquire("111111111111", "ListDomains")).isFalse();
  }

  @Test
  void theAwsPresetHasEveryOperationAndTheDecisionThrottles() {
    assertThat(ThrottlingConfig.AWS.rates()).hasSize(39 + 5);
    assertThat(ThrottlingConfig.AWS.rates().get("ListTagsForResource"))
        .isEqualTo(new ThrottlingConfig.Rate(50, 30));
    assertThat(ThrottlingConfig.AWS.rates().get("GetWorkflowExecutionHistory"))
        .isEqualTo(new ThrottlingConfig.Rate(2000, 60));
    assertThat(ThrottlingConfig.AWS.rates().get("ListOpenWorkflowExecutions"))
        .isEqualTo(new ThrottlingConfig.Rate(200, 48));
    io.swfd.api.validation.ApiModel model = io.swfd.api.validation.ApiModel.load();
    java.util.Set<String> expected = new java.util.HashSet<>(model.operationNames());
    expected.addAll(
        java.util.List.of(
            "ScheduleActivityTask",
            "SignalExternalWorkflowExecution",
            "RequestCancelExternalWorkflowExecution",
            "StartChildWorkflowExecution",
            "StartTimer"));
    assertThat(ThrottlingConfig.AWS.rates().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(ThrottlingConfig.AWS.rates().get("StartChildWorkflowExecution"))
        .isEqualTo(new ThrottlingConfig.Rate(500, 12));
  }

  @Test
  void aThrottledCallIsThrottlingExceptionPerAccountAndApi() {
    ThrottlingConfig rates =
        ThrottlingConfig.OFF.with(Map.of("ListDomains", new ThrottlingConfig.Rate(3, 0)));
    AuthConfig auth =
        new AuthConfig(
            List.of(
                new Credential("AKIDA", "a", null, "111111111111", null),
                new Credential("AKIDB", "b", null, "222222222222", null),
                new Credential("AKIDA2", "a2", null, "111111111111", null)),
            false,
            rates,
            TlsConfig.NONE);
    try (RunningSwfd swfd =
            new RunningSwfd(
                ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)).withAuth(auth),
                InstantSource.system());
        SwfClient a = Clients.sdk(swfd.endpoint(), "AKIDA", "a");
        SwfClient a2 = Clients.sdk(swfd.endpoint(), "AKIDA2", "a2");
        SwfClient b = Clients.sdk(swfd.endpoint(), "AKIDB", "b")) {
      for (int i = 0; i < 3; i++) a.listDomains(r -> r.registrationStatus("REGISTERED"));
      assertThatThrownBy(() -> a2.listDomains(r -> r.registrationStatus("REGISTERED")))
          .as("the same account, another key: the same bucket")
          .isInstanceOfSatisfying(
              SwfException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.isThrottlingException()).as("SDKs retry it").isTrue();
              });
      b.listDomains(r -> r.registrationStatus("REGISTERED"));
      a.registerDomain(r -> r.name("unthrottled").workflowExecutionRetentionPeriodInDays("1"));
      Clients.Raw raw =
          Clients.post(swfd.endpoint(), "SimpleWorkflowService.ListDomains", "{}", Map.of());
      assertThat(raw.type())
          .as("unsigned requests are refused before they cost a token")
          .isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
    }
  }

  @Test
  void throttlingWorksWithoutCredentialsOnTheServersAccount() {
    AuthConfig auth =
        AuthConfig.NONE.withThrottling(
            ThrottlingConfig.OFF.with(Map.of("DescribeDomain", new ThrottlingConfig.Rate(2, 0))));
    try (RunningSwfd swfd =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)).withAuth(auth),
            InstantSource.system())) {
      String body = "{\"name\":\"nope\"}";
      for (int i = 0; i < 2; i++) {
        assertThat(
                Clients.post(
                        swfd.endpoint(), "SimpleWorkflowService.DescribeDomain", body, Map.of())
                    .type())
            .isEqualTo("com.amazonaws.swf.base.model#UnknownResourceFault");
      }
      Clients.Raw r =
          Clients.post(swfd.endpoint(), "SimpleWorkflowService.DescribeDomain", body, Map.of());
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.type()).isEqualTo("com.amazon.coral.availability#ThrottlingException");
      assertThat(r.message()).isEqualTo("Rate exceeded");
    }
  }
}
