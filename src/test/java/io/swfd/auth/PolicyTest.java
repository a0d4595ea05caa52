package io.swfd.auth;

import static io.swfd.auth.Policy.Decision.ALLOW;
import static io.swfd.auth.Policy.Decision.EXPLICIT_DENY;
import static io.swfd.auth.Policy.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.api.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
  static final String ORDERS = "arn:aws:swf:us-east-1:123456789012:/domain/orders";
  static final String BILLING = "arn:aws:swf:eu-west-1:123456789012:/domain/billing";

  static Policy policy(String json) {
    try {
      return Policy.parse(Json.MAPPER.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void actionWildcardsAreCaseInsensitiveAndResourcesAreNot() {
    Policy p =
        policy(
            """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["swf:Respond*", "SWF:pollfor?ctivityTask"], "Resource": "arn:aws:swf:*:123456789012:/domain/orders"}
                ]}""");
    assertThat(p.evaluate("swf:RespondActivityTaskCompleted", ORDERS, Map.of())).isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:RespondDecisionTaskCompleted", ORDERS, Map.of())).isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:PollForActivityTask", ORDERS, Map.of())).isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:PollForDecisionTask", ORDERS, Map.of())).isEqualTo(IMPLICIT_DENY);
    assertThat(p.evaluate("swf:RespondActivityTaskCompleted", BILLING, Map.of()))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(
            p.evaluate(
                "swf:RespondActivityTaskCompleted", ORDERS.replace("orders", "Orders"), Map.of()))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(p.evaluate("swf:RespondActivityTaskCompleted", ORDERS + "-2", Map.of()))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void anExplicitDenyWinsOverAnyAllow() {
    Policy p =
        policy(
            """
                {"Statement": [
                  {"Effect": "Allow", "Action": "swf:*", "Resource": "*"},
                  {"Effect": "Deny", "Action": ["swf:Register*", "swf:Deprecate*"], "Resource": "*"},
                  {"Effect": "Deny", "NotAction": "swf:Describe*", "Resource": "arn:aws:swf:*:*:/domain/billing"}
                ]}""");
    assertThat(p.evaluate("swf:StartWorkflowExecution", ORDERS, Map.of())).isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:RegisterDomain", ORDERS, Map.of())).isEqualTo(EXPLICIT_DENY);
    assertThat(p.evaluate("swf:DescribeDomain", BILLING, Map.of())).isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:StartWorkflowExecution", BILLING, Map.of()))
        .isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void notResourceAndASingleStatementObject() {
    Policy p =
        policy(
            """
                {"Statement": {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:swf:*:*:/domain/billing"}}""");
    assertThat(p.evaluate("swf:ListOpenWorkflowExecutions", ORDERS, Map.of())).isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:ListOpenWorkflowExecutions", BILLING, Map.of()))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void conditionsOnSwfKeys() {
    Policy p =
        policy(
            """
                {"Statement": [
                  {"Effect": "Allow", "Action": "swf:PollForActivityTask", "Resource": "*",
                   "Condition": {"StringEquals": {"swf:taskList.name": ["images", "videos"]}}},
                  {"Effect": "Allow", "Action": "swf:StartWorkflowExecution", "Resource": "*",
                   "Condition": {"StringLike": {"swf:workflowType.name": "order-*", "swf:workflowType.version": "v?"},
                                 "StringNotEquals": {"swf:tagList.member.0": "forbidden"}}},
                  {"Effect": "Allow", "Action": "swf:ListOpenWorkflowExecutions", "Resource": "*",
                   "Condition": {"StringEqualsIfExists": {"swf:tagFilter.tag": "mine"}}},
                  {"Effect": "Allow", "Action": "swf:CountOpenWorkflowExecutions", "Resource": "*",
                   "Condition": {"Null": {"swf:typeFilter.name": "false"}}}
                ]}""");
    assertThat(p.evaluate("swf:PollForActivityTask", ORDERS, Map.of("swf:taskList.name", "videos")))
        .isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:PollForActivityTask", ORDERS, Map.of("swf:taskList.name", "Videos")))
        .isEqualTo(IMPLICIT_DENY);
    // a key the request does not have fails StringEquals
    assertThat(p.evaluate("swf:PollForActivityTask", ORDERS, Map.of())).isEqualTo(IMPLICIT_DENY);
    // condition key names are case-insensitive
    assertThat(p.evaluate("swf:PollForActivityTask", ORDERS, Map.of("SWF:TaskList.Name", "images")))
        .isEqualTo(ALLOW);

    Map<String, String> start =
        Map.of("swf:workflowType.name", "order-fulfil", "swf:workflowType.version", "v2");
    assertThat(p.evaluate("swf:StartWorkflowExecution", ORDERS, start))
        .isEqualTo(ALLOW); // no tag: StringNotEquals holds
    assertThat(
            p.evaluate(
                "swf:StartWorkflowExecution", ORDERS, with(start, "swf:tagList.member.0", "fine")))
        .isEqualTo(ALLOW);
    assertThat(
            p.evaluate(
                "swf:StartWorkflowExecution",
                ORDERS,
                with(start, "swf:tagList.member.0", "forbidden")))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(
            p.evaluate(
                "swf:StartWorkflowExecution",
                ORDERS,
                with(start, "swf:workflowType.version", "v10")))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(
            p.evaluate(
                "swf:StartWorkflowExecution",
                ORDERS,
                with(start, "swf:workflowType.name", "refund")))
        .isEqualTo(IMPLICIT_DENY);

    assertThat(p.evaluate("swf:ListOpenWorkflowExecutions", ORDERS, Map.of())).isEqualTo(ALLOW);
    assertThat(
            p.evaluate(
                "swf:ListOpenWorkflowExecutions", ORDERS, Map.of("swf:tagFilter.tag", "mine")))
        .isEqualTo(ALLOW);
    assertThat(
            p.evaluate(
                "swf:ListOpenWorkflowExecutions", ORDERS, Map.of("swf:tagFilter.tag", "theirs")))
        .isEqualTo(IMPLICIT_DENY);

    assertThat(
            p.evaluate(
                "swf:CountOpenWorkflowExecutions", ORDERS, Map.of("swf:typeFilter.name", "x")))
        .isEqualTo(ALLOW);
    assertThat(p.evaluate("swf:CountOpenWorkflowExecutions", ORDERS, Map.of()))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void anEmptyPolicyDeniesEverything() {
    Policy p = policy("{\"Statement\": []}");
    assertThat(p.evaluate("swf:ListDomains", ORDERS, Map.of())).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void wildcardsNeverBacktrackExponentially() {
    String value = "a".repeat(5000);
    long t0 = System.nanoTime();
    assertThat(Wildcards.matches("*a*a*a*a*a*a*a*a*a*b", value)).isFalse();
    assertThat(Wildcards.matches("*a*a*a*a*a*a*a*a*a*a", value)).isTrue();
    assertThat(Wildcards.matches("a?a*", "aba")).isTrue();
    assertThat(Wildcards.matches("", "")).isTrue();
    assertThat(Wildcards.matches("*", "")).isTrue();
    assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
  }

  @Test
  void brokenPoliciesAreExplained() {
    assertThatThrownBy(
            () -> policy("{\"Statement\": [{\"Effect\": \"Permit\", \"Action\": \"*\"}]}"))
        .hasMessageContaining("Effect must be Allow or Deny, not 'Permit'");
    assertThatThrownBy(() -> policy("{\"Statement\": [{\"Effect\": \"Allow\"}]}"))
        .hasMessageContaining("needs exactly one of Action and NotAction");
    assertThatThrownBy(
            () ->
                policy(
                    "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", "
                        + "\"Condition\": {\"NumericLessThan\": {\"x\": \"1\"}}}]}"))
        .hasMessageContaining("unsupported condition operator 'NumericLessThan'");
    assertThatThrownBy(() -> policy("[]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> policy("{\"Version\": \"2012-10-17\"}"))
        .hasMessageContaining("no Statement");
  }

  private static Map<String, String> with(Map<String, String> m, String k, String v) {
    Map<String, String> out = new java.util.HashMap<>(m);
    out.put(k, v);
    return out;
  }
}
