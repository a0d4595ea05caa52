package io.swfd.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/**
 * The extension held in a static field, with settings: a region, a fixed start time, fresh state
 * per test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterExtensionTest {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @RegisterExtension
  static final SwfdExtension swfd =
      SwfdExtension.builder().region("eu-west-1").startAt(START).resetBeforeEach(true).build();

  @Test
  @Order(1)
  void clientsSignForTheChosenRegion() {
    swfd.client().registerDomain(r -> r.name("eu").workflowExecutionRetentionPeriodInDays("1"));
    assertEquals(
        "arn:aws:swf:eu-west-1:123456789012:/domain/eu",
        swfd.client().describeDomain(r -> r.name("eu")).domainInfo().arn());
    assertEquals("eu-west-1", swfd.server().region());
  }

  @Test
  @Order(2)
  void everyTestStartsOnFreshState() {
    assertThrows(
        UnknownResourceException.class, () -> swfd.client().describeDomain(r -> r.name("eu")));
  }

  @Test
  @Order(3)
  void theClockStartsWhereItWasToldTo() {
    assertEquals(false, swfd.now().isBefore(START));
    assertEquals(true, swfd.now().isBefore(START.plusSeconds(1)));
  }
}
