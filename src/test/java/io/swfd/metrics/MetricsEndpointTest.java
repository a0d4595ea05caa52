package io.swfd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;

class MetricsEndpointTest {
  @Test
  void metricsShowRequestsCommitsAndPolls() throws Exception {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      swf.registerDomain(r -> r.name("m").workflowExecutionRetentionPeriodInDays("1"));
      swf.describeDomain(r -> r.name("m"));
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(swfd.endpoint().resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("swfd_requests_seconds_count{operation=\"RegisterDomain\",status=\"200\"} 1")
          .contains("swfd_requests_seconds_count{operation=\"DescribeDomain\",status=\"200\"} 1")
          .contains("swfd_commit_batch_size_count")
          .contains("swfd_runs_open")
          .contains("swfd_polls_waiting")
          .contains("jvm_threads_live_threads");
    }
  }
}
