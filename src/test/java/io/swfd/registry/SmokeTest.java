package io.swfd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.support.RunningSwfd;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DomainAlreadyExistsException;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;

class SmokeTest {
  @Test
  void registersDescribesAndSurvivesRestart() {
    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      swf.registerDomain(
          r -> r.name("d1").workflowExecutionRetentionPeriodInDays("1").description("first"));
      assertThatThrownBy(
              () ->
                  swf.registerDomain(r -> r.name("d1").workflowExecutionRetentionPeriodInDays("1")))
          .isInstanceOf(DomainAlreadyExistsException.class);
      var d = swf.describeDomain(r -> r.name("d1"));
      assertThat(d.domainInfo().arn()).isEqualTo("arn:aws:swf:us-east-1:123456789012:/domain/d1");
      swfd.restart();
      assertThat(
              swf.listDomains(r -> r.registrationStatus(RegistrationStatus.REGISTERED))
                  .domainInfos())
          .extracting(i -> i.name())
          .containsExactly("d1");
    }
  }
}
