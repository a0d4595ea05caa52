package io.swfd.registry;

import static io.swfd.support.SwfTestClient.message;
import static io.swfd.support.SwfTestClient.validation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.api.CallContext;
import io.swfd.api.SwfApi;
import io.swfd.api.validation.ApiModel;
import io.swfd.support.RunningSwfd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;
import software.amazon.awssdk.services.swf.model.SwfException;

/**
 * The AWS JSON 1.0 edge: model validation as the SDK sees it, and, through a raw HTTP client, the
 * errors an SDK cannot provoke (bad JSON, unknown targets, oversize bodies, unsigned requests).
 */
class ProtocolTest {
  private static final String JSON_1_0 = RawRequests.JSON_1_0;
  private static final ObjectMapper MAPPER = new ObjectMapper();
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

  // ------------------------------------------------------------ validation seen through the SDK

  @Test
  void descriptionOfOneThousandAndTwentyFiveCharactersIsRefusedWithAwsMessage() {
    String description = "d".repeat(1025);
    SwfException e =
        validation(
            () ->
                swf.registerDomain(
                    r ->
                        r.name("long-description")
                            .workflowExecutionRetentionPeriodInDays("1")
                            .description(description)));
    assertThat(message(e))
        .isEqualTo(
            "1 validation error detected: Value '"
                + description
                + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024");
    // 1,024 is fine, and lengths are characters, not bytes
    swf.registerDomain(
        r ->
            r.name("long-description")
                .workflowExecutionRetentionPeriodInDays("1")
                .description("é".repeat(1024)));
    assertThat(swf.describeDomain(r -> r.name("long-description")).domainInfo().description())
        .isEqualTo("é".repeat(1024));
  }

  @Test
  void missingRequiredMember() {
    assertThat(message(validation(() -> swf.describeDomain(r -> {}))))
        .isEqualTo(
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    assertThat(message(validation(() -> swf.listDomains(r -> {}))))
        .isEqualTo(
            "1 validation error detected: Value null at 'registrationStatus' failed to satisfy constraint: "
                + "Member must not be null");
    assertThat(
            message(
                validation(
                    () ->
                        swf.describeWorkflowType(
                            r -> r.domain("d").workflowType(t -> t.name("n"))))))
        .isEqualTo(
            "1 validation error detected: Value null at 'workflowType.version' failed to satisfy constraint: "
                + "Member must not be null");
  }

  @Test
  void enumViolation() {
    assertThat(message(validation(() -> swf.listDomains(r -> r.registrationStatus("ACTIVE")))))
        .isEqualTo(
            "1 validation error detected: Value 'ACTIVE' at 'registrationStatus' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [REGISTERED, DEPRECATED]");
  }

  @Test
  void pageSizeRange() {
    assertThat(
            message(
                validation(
                    () ->
                        swf.listDomains(
                            r ->
                                r.registrationStatus(RegistrationStatus.REGISTERED)
                                    .maximumPageSize(1001)))))
        .isEqualTo(
            "1 validation error detected: Value '1001' at 'maximumPageSize' failed to satisfy constraint: "
                + "Member must have value less than or equal to 1000");
    assertThat(
            message(
                validation(
                    () ->
                        swf.listWorkflowTypes(
                            r ->
                                r.domain("d")
                                    .registrationStatus(RegistrationStatus.REGISTERED)
                                    .maximumPageSize(-1)))))
        .isEqualTo(
            "1 validation error detected: Value '-1' at 'maximumPageSize' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 0");
  }

  @Test
  void severalErrorsAtOnceInModelOrder() {
    String name = "n".repeat(257);
    String description = "d".repeat(1025);
    SwfException e =
        validation(
            () ->
                swf.registerDomain(
                    r ->
                        r.name(name)
                            .description(description)
                            .workflowExecutionRetentionPeriodInDays("123456789")));
    assertThat(message(e))
        .isEqualTo(
            "3 validation errors detected: "
                + "Value '"
                + name
                + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256; "
                + "Value '"
                + description
                + "' at 'description' failed to satisfy constraint: "
                + "Member must have length less than or equal to 1024; "
                + "Value '123456789' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: "
                + "Member must have length less than or equal to 8");

    SwfException three =
        validation(
            () -> swf.listActivityTypes(r -> r.registrationStatus("NOPE").maximumPageSize(5000)));
    assertThat(message(three))
        .isEqualTo(
            "3 validation errors detected: "
                + "Value null at 'domain' failed to satisfy constraint: Member must not be null; "
                + "Value 'NOPE' at 'registrationStatus' failed to satisfy constraint: Member must satisfy enum value set: [REGISTERED, DEPRECATED]; "
                + "Value '5000' at 'maximumPageSize' failed to satisfy constraint: Member must have value less than or equal to 1000");
  }

  @Test
  void sdkSeesTheRequestId() {
    var r = swf.listDomains(q -> q.registrationStatus(RegistrationStatus.REGISTERED));
    assertThat(r.responseMetadata().requestId()).isNotBlank().isNotEqualTo("UNKNOWN");
    SwfException e = validation(() -> swf.describeDomain(q -> {}));
    assertThat(e.requestId()).isNotBlank();
  }

  // ------------------------------------------------------------ raw HTTP

  private static HttpResponse<String> send(String target, String body)
      throws IOException, InterruptedException {
    return send(RawRequests.signedPost(swfd.endpoint(), target, body).build());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String swfOp(String op) {
    return "SimpleWorkflowService." + op;
  }

  /** Asserts an AWS JSON 1.0 error answer and returns its body. */
  private static JsonNode error(HttpResponse<String> r, int status, String type)
      throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertJsonHeaders(r);
    JsonNode body = MAPPER.readTree(r.body());
    assertThat(body.path("__type").asText()).isEqualTo(type);
    if (body.has("message")) assertThat(body.get("message").isTextual()).isTrue();
    return body;
  }

  private static void assertJsonHeaders(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type")).hasValue(JSON_1_0);
    assertThat(r.headers().firstValue("x-amzn-RequestId"))
        .hasValueSatisfying(id -> assertThat(id).isNotBlank());
  }

  @Test
  void validationErrorOverHttp() throws Exception {
    String description = "x".repeat(1025);
    HttpResponse<String> r =
        send(
            swfOp("RegisterDomain"),
            MAPPER
                .createObjectNode()
                .put("name", "raw-validation")
                .put("workflowExecutionRetentionPeriodInDays", "1")
                .put("description", description)
                .toString());
    JsonNode body = error(r, 400, "com.amazon.coral.validate#ValidationException");
    assertThat(body.get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value '"
                + description
                + "' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024");
  }

  @Test
  void modeledFaultOverHttp() throws Exception {
    JsonNode body =
        error(
            send(swfOp("DescribeDomain"), "{\"name\":\"raw-unknown\"}"),
            400,
            "com.amazonaws.swf.base.model#UnknownResourceFault");
    assertThat(body.get("message").asText()).isEqualTo("Unknown domain: raw-unknown");
  }

  @Test
  void bodyThatIsNotJsonIsASerializationException() throws Exception {
    for (String bad :
        new String[] {
          "not json", "{\"name\": ", "{\"name\":\"a\"} trailing", "[]", "\"just a string\"", "42"
        }) {
      error(
          send(swfOp("DescribeDomain"), bad),
          400,
          "com.amazon.coral.service#SerializationException");
    }
  }

  @Test
  void wrongJsonTypesAreASerializationException() throws Exception {
    String[][] cases = {
      {"DescribeDomain", "{\"name\": 5}"},
      {"DescribeDomain", "{\"name\": {\"x\": 1}}"},
      {"ListDomains", "{\"registrationStatus\": \"REGISTERED\", \"maximumPageSize\": \"10\"}"},
      {"ListDomains", "{\"registrationStatus\": \"REGISTERED\", \"maximumPageSize\": 2.5}"},
      {"ListDomains", "{\"registrationStatus\": \"REGISTERED\", \"reverseOrder\": \"yes\"}"},
      {"ListDomains", "{\"registrationStatus\": [\"REGISTERED\"]}"},
      {"RegisterDomain", "{\"name\": \"a\", \"workflowExecutionRetentionPeriodInDays\": 1}"},
      {
        "RegisterDomain",
        "{\"name\": \"a\", \"workflowExecutionRetentionPeriodInDays\": \"1\", \"tags\": {\"key\": \"k\"}}"
      },
      {"DescribeWorkflowType", "{\"domain\": \"d\", \"workflowType\": \"w\"}"},
      {"UntagResource", "{\"resourceArn\": \"a\", \"tagKeys\": [1]}"},
    };
    for (String[] c : cases) {
      JsonNode body =
          error(send(swfOp(c[0]), c[1]), 400, "com.amazon.coral.service#SerializationException");
      assertThat(body.toString()).as(c[1]).doesNotContain("ValidationException");
    }
  }

  @Test
  void jsonNullMeansAbsentAndUnknownMembersAreIgnored() throws Exception {
    JsonNode body =
        error(
            send(swfOp("ListDomains"), "{\"registrationStatus\": null}"),
            400,
            "com.amazon.coral.validate#ValidationException");
    assertThat(body.get("message").asText())
        .isEqualTo(
            "1 validation error detected: Value null at 'registrationStatus' "
                + "failed to satisfy constraint: Member must not be null");

    HttpResponse<String> ok =
        send(
            swfOp("ListDomains"),
            "{\"registrationStatus\": \"REGISTERED\", \"somethingNew\": {\"a\": [1, 2]}, \"nextPageToken\": null}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(MAPPER.readTree(ok.body()).get("domainInfos").isArray()).isTrue();
  }

  @Test
  void emptyBodyIsAnEmptyObject() throws Exception {
    JsonNode body =
        error(send(swfOp("ListDomains"), ""), 400, "com.amazon.coral.validate#ValidationException");
    assertThat(body.get("message").asText()).contains("'registrationStatus'");
  }

  @Test
  void unknownOrMissingTargetIsAnUnknownOperation() throws Exception {
    for (String target :
        new String[] {
          "SimpleWorkflowService.NoSuchOperation",
          "SimpleWorkflowService.",
          "DynamoDB_20120810.ListTables",
          "ListDomains",
          "SimpleWorkflowService.listDomains"
        }) {
      error(send(target, "{}"), 400, "com.amazon.coral.service#UnknownOperationException");
    }
    error(send(null, "{}"), 400, "com.amazon.coral.service#UnknownOperationException");
  }

  @Test
  void requestsOverOneMegabyteAreRefused() throws Exception {
    // valid JSON, padded with whitespace: only the size is wrong
    // (several times: the client must get to read the answer, not a connection reset while sending)
    String over = "{\"registrationStatus\": \"REGISTERED\"" + " ".repeat(1024 * 1024) + "}";
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> fixed = send(swfOp("ListDomains"), over);
      JsonNode body = error(fixed, 413, "com.amazon.coral.service#RequestEntityTooLargeException");
      assertThat(body.get("message").asText()).contains("1048576");
    }

    // the same without a Content-Length (chunked): the limit is enforced while reading
    byte[] bytes = over.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> chunked =
          send(
              RawRequests.signedPost(swfd.endpoint(), swfOp("ListDomains"), bytes, "us-east-1")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(bytes)))
                  .build());
      error(chunked, 413, "com.amazon.coral.service#RequestEntityTooLargeException");
    }

    // just under the limit is fine
    String under = "{\"registrationStatus\": \"REGISTERED\"" + " ".repeat(1024 * 1024 - 64) + "}";
    HttpResponse<String> ok = send(swfOp("ListDomains"), under);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertJsonHeaders(ok);

    // and the server is still well after all that
    assertThat(send(swfOp("ListDomains"), "{\"registrationStatus\": \"REGISTERED\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void unsignedRequestsAreAcceptedAndBelongToUsEast1() throws Exception {
    HttpResponse<String> r =
        send(
            RawRequests.unsignedPost(
                    swfd.endpoint(),
                    swfOp("RegisterDomain"),
                    "{\"name\": \"unsigned-domain\", \"workflowExecutionRetentionPeriodInDays\": \"2\"}")
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(swf.describeDomain(q -> q.name("unsigned-domain")).domainInfo().arn())
        .isEqualTo("arn:aws:swf:us-east-1:123456789012:/domain/unsigned-domain");
  }

  @Test
  void theRegionComesFromTheCredentialScopeOfTheSignature() throws Exception {
    HttpResponse<String> r =
        send(
            RawRequests.signedPost(
                    swfd.endpoint(),
                    swfOp("RegisterDomain"),
                    "{\"name\": \"scoped\", \"workflowExecutionRetentionPeriodInDays\": \"2\"}"
                        .getBytes(StandardCharsets.UTF_8),
                    "eu-west-3")
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    try (SwfClient paris = swfd.client(software.amazon.awssdk.regions.Region.EU_WEST_3)) {
      assertThat(paris.describeDomain(q -> q.name("scoped")).domainInfo().arn())
          .isEqualTo("arn:aws:swf:eu-west-3:123456789012:/domain/scoped");
    }
    assertThat(
            MAPPER
                .readTree(send(swfOp("DescribeDomain"), "{\"name\": \"scoped\"}").body())
                .path("__type")
                .asText())
        .isEqualTo("com.amazonaws.swf.base.model#UnknownResourceFault");
  }

  @Test
  void voidOperationAnswers200WithAnEmptyBody() throws Exception {
    HttpResponse<String> r =
        send(
            swfOp("RegisterDomain"),
            "{\"name\": \"void-op\", \"workflowExecutionRetentionPeriodInDays\": \"2\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertJsonHeaders(r);

    HttpResponse<String> d = send(swfOp("DeprecateDomain"), "{\"name\": \"void-op\"}");
    assertThat(d.statusCode()).isEqualTo(200);
    assertThat(d.body()).isEmpty();

    HttpResponse<String> describe = send(swfOp("DescribeDomain"), "{\"name\": \"void-op\"}");
    assertThat(describe.statusCode()).isEqualTo(200);
    assertJsonHeaders(describe);
    JsonNode info = MAPPER.readTree(describe.body());
    assertThat(info.at("/domainInfo/status").asText()).isEqualTo("DEPRECATED");
    assertThat(info.at("/configuration/workflowExecutionRetentionPeriodInDays").asText())
        .isEqualTo("2");
    assertThat(info.at("/domainInfo").has("description"))
        .as("absent members are omitted, never null")
        .isFalse();
  }

  @Test
  void unsetMembersAreLeftOutOfResponsesRatherThanNull() throws Exception {
    swf.registerDomain(r -> r.name("sparse").workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(r -> r.domain("sparse").name("w").version("1"));
    swf.registerActivityType(
        r -> r.domain("sparse").name("a").version("1").defaultTaskList(t -> t.name("only-this")));

    JsonNode wf =
        MAPPER.readTree(
            send(
                    swfOp("DescribeWorkflowType"),
                    "{\"domain\": \"sparse\", \"workflowType\": {\"name\": \"w\", \"version\": \"1\"}}")
                .body());
    assertThat(wf.get("configuration").isObject()).isTrue();
    assertThat(wf.get("configuration").size()).as(wf.toString()).isZero();
    assertThat(fieldNames(wf.get("typeInfo")))
        .containsExactlyInAnyOrder("workflowType", "status", "creationDate");
    assertThat(wf.at("/typeInfo/creationDate").isNumber()).as("epoch seconds").isTrue();

    JsonNode act =
        MAPPER.readTree(
            send(
                    swfOp("DescribeActivityType"),
                    "{\"domain\": \"sparse\", \"activityType\": {\"name\": \"a\", \"version\": \"1\"}}")
                .body());
    assertThat(act.get("configuration").toString())
        .isEqualTo("{\"defaultTaskList\":{\"name\":\"only-this\"}}");

    JsonNode list =
        MAPPER.readTree(
            send(
                    swfOp("ListWorkflowTypes"),
                    "{\"domain\": \"sparse\", \"registrationStatus\": \"REGISTERED\"}")
                .body());
    assertThat(fieldNames(list)).containsExactly("typeInfos");
    assertThat(list.toString()).doesNotContain("null");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyResponseHasItsOwnRequestId() throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          send(swfOp("ListDomains"), "{\"registrationStatus\": \"REGISTERED\"}")
              .headers()
              .firstValue("x-amzn-RequestId")
              .orElseThrow());
    }
    ids.add(
        send(swfOp("DescribeDomain"), "{}").headers().firstValue("x-amzn-RequestId").orElseThrow());
    assertThat(ids).hasSize(6);
  }

  @Test
  void operationsWithoutAHandlerAnswerAClear400NamingTheOperation() throws Exception {
    // The edge with the whole model but no handlers, so this holds whatever is implemented by now.
    // (Through HTTP every operation may have a handler by the time this runs.)
    SwfApi bare = new SwfApi(ApiModel.load());
    for (String[] c :
        new String[][] {
          {"PollForActivityTask", "{\"domain\": \"d\", \"taskList\": {\"name\": \"tl\"}}"},
          {"ListDomains", "{\"registrationStatus\": \"REGISTERED\"}"},
          {"RegisterDomain", "{\"name\": \"d\", \"workflowExecutionRetentionPeriodInDays\": \"1\"}"}
        }) {
      SwfApi.Response r =
          bare.call(swfOp(c[0]), c[1].getBytes(StandardCharsets.UTF_8), CallContext.of("us-east-1"))
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(400);
      JsonNode body = MAPPER.readTree(r.body());
      assertThat(body.path("__type").asText())
          .isEqualTo("com.amazonaws.swf.base.model#OperationNotPermittedFault");
      assertThat(body.path("message").asText()).contains(c[0]);
    }
    // the request is still validated first
    SwfApi.Response invalid =
        bare.call(
                swfOp("PollForActivityTask"),
                "{}".getBytes(StandardCharsets.UTF_8),
                CallContext.of("us-east-1"))
            .get(10, TimeUnit.SECONDS);
    assertThat(MAPPER.readTree(invalid.body()).path("__type").asText())
        .isEqualTo("com.amazon.coral.validate#ValidationException");
  }

  @Test
  void healthAnswers200() throws Exception {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(swfd.endpoint().resolve("/health")).GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void otherPathsAndMethodsAreNotTheApi() throws Exception {
    // GET / is a page for people (links to the console, /health, /metrics), not an API answer
    HttpResponse<String> get =
        send(HttpRequest.newBuilder(swfd.endpoint().resolve("/")).GET().build());
    assertThat(get.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(get.body()).doesNotContain("__type");
    HttpResponse<String> elsewhere =
        send(
            HttpRequest.newBuilder(URI.create(swfd.endpoint() + "/other"))
                .header("X-Amz-Target", swfOp("ListDomains"))
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"registrationStatus\": \"REGISTERED\"}"))
                .build());
    assertThat(elsewhere.statusCode()).isNotEqualTo(200).isNotEqualTo(500);
  }
}
