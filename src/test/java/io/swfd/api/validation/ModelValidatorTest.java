package io.swfd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.SwfFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ModelValidatorTest {
  private static final ApiModel MODEL = ApiModel.load();
  private static final ModelValidator VALIDATOR = new ModelValidator(MODEL);
  // Single quotes keep the JSON in the tests readable.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PREFIX1 = "1 validation error detected: ";

  // ---------------------------------------------------------------- model

  @Test
  void modelHasAll39OperationsAndKnowsWhichReturnABody() {
    assertThat(MODEL.operationNames())
        .hasSize(39)
        .contains(
            "RespondDecisionTaskCompleted",
            "DeleteActivityType",
            "TagResource",
            "ListTagsForResource");
    assertThat(MODEL.inputShape("RegisterDomain")).isEqualTo("RegisterDomainInput");
    assertThat(MODEL.shape("TagList").max()).isEqualTo(5);

    List<String> noOutput =
        MODEL.operationNames().stream().filter(op -> !MODEL.hasOutput(op)).toList();
    assertThat(noOutput)
        .allMatch(
            op ->
                op.matches(
                    "(Register|Deprecate|Undeprecate|Delete|Respond|Signal|RequestCancel|Terminate|Tag|Untag).*"));
    assertThat(noOutput).hasSize(20);
    assertThat(MODEL.hasOutput("PollForDecisionTask")).isTrue();
    assertThat(MODEL.hasOutput("RecordActivityTaskHeartbeat")).isTrue();
  }

  // ---------------------------------------------------------------- required

  @Test
  void missingRequiredMember() {
    assertThat(validationError("DescribeDomain", "{}"))
        .isEqualTo(
            PREFIX1 + "Value null at 'name' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void jsonNullCountsAsAbsent() {
    assertThat(validationError("DescribeDomain", "{'name': null}"))
        .isEqualTo(
            PREFIX1 + "Value null at 'name' failed to satisfy constraint: Member must not be null");
    assertValid(
        "ListDomains",
        "{'registrationStatus': 'REGISTERED', 'nextPageToken': null, 'maximumPageSize': null}");
  }

  @Test
  void javaNullOrMissingInputIsAnEmptyObject() {
    String expected =
        PREFIX1 + "Value null at 'name' failed to satisfy constraint: Member must not be null";
    assertThat(catchFault(() -> VALIDATOR.validate("DescribeDomain", null)).getMessage())
        .isEqualTo(expected);
    assertThat(
            catchFault(() -> VALIDATOR.validate("DescribeDomain", NODES.missingNode()))
                .getMessage())
        .isEqualTo(expected);
  }

  // ---------------------------------------------------------------- strings

  @Test
  void stringLongerThanMaxIsReportedWithTheWholeValue() {
    String name = "n".repeat(257);
    assertThat(validationError("DescribeDomain", "{'name': '" + name + "'}"))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + name
                + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256");
    assertValid("DescribeDomain", "{'name': '" + "n".repeat(256) + "'}");

    String details = "d".repeat(2049);
    assertThat(
            validationError(
                "RecordActivityTaskHeartbeat", "{'taskToken': 't', 'details': '" + details + "'}"))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + details
                + "' at 'details' failed to satisfy constraint: "
                + "Member must have length less than or equal to 2048");
  }

  @Test
  void stringShorterThanMin() {
    assertThat(validationError("DescribeDomain", "{'name': ''}"))
        .isEqualTo(
            PREFIX1
                + "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }

  @Test
  void lengthsAreCountedInCodePointsNotBytesOrUtf16Units() {
    String emoji = "\uD83D\uDE00"; // U+1F600: 1 code point, 2 UTF-16 units, 4 UTF-8 bytes
    String ok = emoji.repeat(64); // 128 UTF-16 units, 256 bytes, but only 64 characters
    assertValid("DescribeWorkflowType", typeRequest(ok));

    String tooLong = emoji.repeat(65);
    assertThat(validationError("DescribeWorkflowType", typeRequest(tooLong)))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + tooLong
                + "' at 'workflowType.version' failed to satisfy constraint: "
                + "Member must have length less than or equal to 64");

    // One supplementary character satisfies min 1 (2 UTF-16 units, counted once).
    assertValid("DescribeDomain", "{'name': '" + emoji + "'}");
  }

  private static String typeRequest(String version) {
    return "{'domain': 'd', 'workflowType': {'name': 'n', 'version': '" + version + "'}}";
  }

  // ---------------------------------------------------------------- lists

  @Test
  void listLongerThanMaxIsPrintedLikeJavaListToString() {
    String base =
        "{'domain': 'd', 'workflowId': 'w', 'workflowType': {'name': 'n', 'version': 'v'}, ";
    assertThat(
            validationError(
                "StartWorkflowExecution", base + "'tagList': ['a', 'b', 'c', 'd', 'e', 'f']}"))
        .isEqualTo(
            PREFIX1
                + "Value '[a, b, c, d, e, f]' at 'tagList' failed to satisfy constraint: "
                + "Member must have length less than or equal to 5");
    assertValid("StartWorkflowExecution", base + "'tagList': ['a', 'b', 'c', 'd', 'e']}");
  }

  @Test
  void listElementsAreValidatedWithOneBasedMemberPaths() {
    String tag = "t".repeat(257);
    String body =
        "{'domain': 'd', 'workflowId': 'w', 'workflowType': {'name': 'n', 'version': 'v'}, "
            + "'tagList': ['ok', '"
            + tag
            + "']}";
    assertThat(validationError("StartWorkflowExecution", body))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + tag
                + "' at 'tagList.2.member' failed to satisfy constraint: Member must have length less than or equal to 256");
  }

  @Test
  void nullListElementIsReportedAsMissing() {
    assertThat(validationError("UntagResource", "{'resourceArn': 'arn', 'tagKeys': ['k', null]}"))
        .isEqualTo(
            PREFIX1
                + "Value null at 'tagKeys.2.member' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void listsOfStructuresAreValidatedElementByElement() {
    assertThat(
            validationError(
                "RegisterDomain",
                "{'name': 'd', 'workflowExecutionRetentionPeriodInDays': '1', 'tags': [{'key': 'k'}, {'value': 'v'}]}"))
        .isEqualTo(
            PREFIX1
                + "Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null");

    String key = "k".repeat(129);
    assertThat(
            validationError(
                "TagResource",
                "{'resourceArn': 'arn', 'tags': [{'key': '" + key + "', 'value': 'v'}]}"))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + key
                + "' at 'tags.1.member.key' failed to satisfy constraint: "
                + "Member must have length less than or equal to 128");
  }

  @Test
  void structuresInsideListsArePrintedLikeMaps() {
    JsonNode tags = json("[{'key': 'k', 'value': 'v', 'unknown': 1}, {'key': 'k2'}]");
    assertThat(ModelValidator.render(MODEL.shape("ResourceTagList"), tags))
        .isEqualTo("[{key=k, value=v}, {key=k2}]");
  }

  // ---------------------------------------------------------------- enums and numbers

  @Test
  void enumValueOutsideTheSet() {
    assertThat(validationError("ListDomains", "{'registrationStatus': 'registered'}"))
        .isEqualTo(
            PREFIX1
                + "Value 'registered' at 'registrationStatus' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [REGISTERED, DEPRECATED]");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1001 | Value '1001' at 'maximumPageSize' failed to satisfy constraint: Member must have value less than or equal to 1000",
        "-1   | Value '-1' at 'maximumPageSize' failed to satisfy constraint: Member must have value greater than or equal to 0",
      })
  void integerOutOfRange(String pageSize, String expected) {
    assertThat(
            validationError(
                "ListDomains",
                "{'registrationStatus': 'REGISTERED', 'maximumPageSize': " + pageSize + "}"))
        .isEqualTo(PREFIX1 + expected);
  }

  @Test
  void integerBoundsAreInclusiveAndIntegralDoublesAreAccepted() {
    assertValid("ListDomains", "{'registrationStatus': 'REGISTERED', 'maximumPageSize': 0}");
    assertValid("ListDomains", "{'registrationStatus': 'REGISTERED', 'maximumPageSize': 1000}");
    assertValid("ListDomains", "{'registrationStatus': 'REGISTERED', 'maximumPageSize': 5.0}");
  }

  @Test
  void timestampsAreEpochSecondNumbersIntegralOrFractional() {
    assertValid(
        "CountOpenWorkflowExecutions",
        "{'domain': 'd', 'startTimeFilter': {'oldestDate': 1700000000}}");
    assertValid(
        "CountOpenWorkflowExecutions",
        "{'domain': 'd', 'startTimeFilter': {'oldestDate': 1.786560427599E9, 'latestDate': 1786560428.5}}");
  }

  // ---------------------------------------------------------------- nesting

  @Test
  void nestedStructureMemberTooLongOrMissing() {
    String name = "q".repeat(257);
    assertThat(
            validationError(
                "PollForDecisionTask", "{'domain': 'd', 'taskList': {'name': '" + name + "'}}"))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + name
                + "' at 'taskList.name' failed to satisfy constraint: "
                + "Member must have length less than or equal to 256");
    assertThat(validationError("PollForDecisionTask", "{'domain': 'd', 'taskList': {}}"))
        .isEqualTo(
            PREFIX1
                + "Value null at 'taskList.name' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void everyDecisionIsValidatedWithItsPosition() {
    String id = "a".repeat(257);
    String body =
        "{'taskToken': 't', 'decisions': ["
            + "{'decisionType': 'CompleteWorkflowExecution', 'completeWorkflowExecutionDecisionAttributes': {'result': 'r'}},"
            + "{'decisionType': 'ScheduleActivityTask', 'scheduleActivityTaskDecisionAttributes': {"
            + "   'activityType': {'name': 'n', 'version': 'v'}, 'activityId': '"
            + id
            + "'}}]}";
    assertThat(validationError("RespondDecisionTaskCompleted", body))
        .isEqualTo(
            PREFIX1
                + "Value '"
                + id
                + "' at 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityId' failed to satisfy constraint: "
                + "Member must have length less than or equal to 256");

    assertThat(
            validationError(
                "RespondDecisionTaskCompleted",
                "{'taskToken': 't', 'decisions': [{'startTimerDecisionAttributes': {'timerId': 't'}}]}"))
        .isEqualTo(
            "2 validation errors detected: "
                + "Value null at 'decisions.1.member.decisionType' failed to satisfy constraint: Member must not be null; "
                + "Value null at 'decisions.1.member.startTimerDecisionAttributes.startToFireTimeout' "
                + "failed to satisfy constraint: Member must not be null");
  }

  // ---------------------------------------------------------------- several at once

  @Test
  void allViolationsAreReportedInModelOrder() {
    String description = "x".repeat(1025);
    String body = "{'tags': [{'key': ''}], 'description': '" + description + "', 'name': ''}";
    assertThat(validationError("RegisterDomain", body))
        .isEqualTo(
            "4 validation errors detected: "
                + "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                + "Value '"
                + description
                + "' at 'description' failed to satisfy constraint: "
                + "Member must have length less than or equal to 1024; "
                + "Value null at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: Member must not be null; "
                + "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1");
  }

  // ---------------------------------------------------------------- JSON types

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DescribeDomain         | {'name': 5}                                            | Expected string at 'name'",
        "DescribeDomain         | {'name': {}}                                           | Expected string at 'name'",
        "DescribeDomain         | {'name': ['d']}                                        | Expected string at 'name'",
        "DescribeDomain         | {'name': true}                                         | Expected string at 'name'",
        "PollForDecisionTask    | {'domain': 'd', 'taskList': 'tl'}                      | Expected object at 'taskList'",
        "PollForDecisionTask    | {'domain': 'd', 'taskList': {'name': 1}}               | Expected string at 'taskList.name'",
        "UntagResource          | {'resourceArn': 'a', 'tagKeys': 'k'}                   | Expected array at 'tagKeys'",
        "UntagResource          | {'resourceArn': 'a', 'tagKeys': ['k', 2]}              | Expected string at 'tagKeys.2.member'",
        "TagResource            | {'resourceArn': 'a', 'tags': ['k']}                    | Expected object at 'tags.1.member'",
        "ListDomains            | {'registrationStatus': 'REGISTERED', 'maximumPageSize': '5'}  | Expected integer at 'maximumPageSize'",
        "ListDomains            | {'registrationStatus': 'REGISTERED', 'maximumPageSize': 5.5}  | Expected integer at 'maximumPageSize'",
        "ListDomains            | {'registrationStatus': 'REGISTERED', 'maximumPageSize': 1e10} | Number out of range for integer at 'maximumPageSize'",
        "ListDomains            | {'registrationStatus': 'REGISTERED', 'reverseOrder': 'true'}  | Expected boolean at 'reverseOrder'",
        "ListDomains            | {'registrationStatus': 'REGISTERED', 'reverseOrder': 1}       | Expected boolean at 'reverseOrder'",
        "CountOpenWorkflowExecutions | {'domain': 'd', 'startTimeFilter': {'oldestDate': '2024-01-01T00:00:00Z'}} | Expected number (epoch seconds) at 'startTimeFilter.oldestDate'",
        "RespondDecisionTaskCompleted | {'taskToken': 't', 'decisions': [{'decisionType': 'CancelTimer'}, {'decisionType': 7}]} | Expected string at 'decisions.2.member.decisionType'",
        "DescribeDomain         | []                                                     | Expected a JSON object as the request body",
        "DescribeDomain         | 42                                                     | Expected a JSON object as the request body",
        "DescribeDomain         | null                                                   | Expected a JSON object as the request body",
        // A type error wins over constraint violations found earlier in the same request.
        "RegisterDomain         | {'name': '', 'description': 5}                         | Expected string at 'description'",
      })
  void wrongJsonTypeIsASerializationException(String operation, String body, String message) {
    SwfFault fault = catchFault(() -> VALIDATOR.validate(operation, json(body)));
    assertThat(fault.name()).isEqualTo("SerializationException");
    assertThat(fault.type()).isEqualTo("com.amazon.coral.service#SerializationException");
    assertThat(fault.getMessage()).isEqualTo(message);
  }

  // ---------------------------------------------------------------- leniency

  @Test
  void unknownMembersAreIgnoredAtEveryLevel() {
    assertValid("DescribeDomain", "{'name': 'd', 'bogus': {'x': [1, null]}, 'Name': 5}");
    assertValid(
        "PollForDecisionTask",
        "{'domain': 'd', 'taskList': {'name': 'tl', 'extra': []}, 'identity': null}");
  }

  @Test
  void unknownOperationIsRejected() {
    assertThat(catchFault(() -> VALIDATOR.validate("NoSuchThing", json("{}"))).name())
        .isEqualTo("UnknownOperationException");
  }

  // ---------------------------------------------------------------- every operation

  static Stream<String> operations() {
    return MODEL.operationNames().stream();
  }

  @ParameterizedTest
  @MethodSource("operations")
  void minimalRequestOfEveryOperationIsAccepted(String operation) {
    Shape input = MODEL.shape(MODEL.inputShape(operation));
    ObjectNode body = (ObjectNode) minimal(input);
    assertThatCode(() -> VALIDATOR.validate(operation, body))
        .as(body.toString())
        .doesNotThrowAnyException();

    // ...and dropping any one required member is reported as exactly that member.
    for (Shape.Member m : input.members()) {
      if (!m.required()) continue;
      ObjectNode without = body.deepCopy();
      without.remove(m.name());
      assertThat(catchFault(() -> VALIDATOR.validate(operation, without)).getMessage())
          .isEqualTo(
              PREFIX1
                  + "Value null at '"
                  + m.name()
                  + "' failed to satisfy constraint: Member must not be null");
    }
  }

  /** The smallest valid value: required members only, strings "x", numbers 1, first enum value. */
  private static JsonNode minimal(Shape s) {
    return switch (s.type()) {
      case STRUCTURE -> {
        ObjectNode o = NODES.objectNode();
        for (Shape.Member m : s.members()) if (m.required()) o.set(m.name(), minimal(m.shape()));
        yield o;
      }
      case LIST -> NODES.arrayNode().add(minimal(s.listMember()));
      case STRING ->
          NODES.textNode(
              s.isEnum() ? s.enumValues().get(0) : "x".repeat((int) Math.max(1, s.min())));
      case INTEGER, LONG -> NODES.numberNode(Math.min(s.max(), Math.max(s.min(), 1L)));
      case BOOLEAN -> NODES.booleanNode(true);
      case TIMESTAMP -> NODES.numberNode(1_700_000_000L);
    };
  }

  // ---------------------------------------------------------------- random inputs

  private static final long BASE_SEED = Long.getLong("swfd.seed", new Random().nextLong());

  static Stream<Long> seeds() {
    System.out.println(
        "ModelValidatorTest random inputs: base seed "
            + BASE_SEED
            + " (rerun with -Dswfd.seed="
            + BASE_SEED
            + ")");
    Random r = new Random(BASE_SEED);
    return Stream.generate(r::nextLong).limit(200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomValidInputPassesAndOneTooLongStringIsReportedAtItsPath(long seed) {
    Random rnd = new Random(seed);
    List<String> ops = List.copyOf(MODEL.operationNames());
    String operation = ops.get(rnd.nextInt(ops.size()));
    Shape input = MODEL.shape(MODEL.inputShape(operation));

    RandomInput gen = null;
    JsonNode body = null;
    for (int attempt = 0; attempt < 50 && (gen == null || gen.slots.isEmpty()); attempt++) {
      gen = new RandomInput(rnd);
      body = gen.value(input, "");
    }
    String context = "seed " + seed + " (base " + BASE_SEED + "), " + operation + " " + body;
    JsonNode request = body; // mutated in place below
    assertThatCode(() -> VALIDATOR.validate(operation, request))
        .as(context)
        .doesNotThrowAnyException();
    assertThat(gen.slots).as(context).isNotEmpty();

    StringSlot slot = gen.slots.get(rnd.nextInt(gen.slots.size()));
    String tooLong = gen.string((int) slot.shape().max() + 1);
    slot.setter().accept(NODES.textNode(tooLong));
    assertThat(catchFault(() -> VALIDATOR.validate(operation, request)).getMessage())
        .as(context)
        .isEqualTo(
            PREFIX1
                + "Value '"
                + tooLong
                + "' at '"
                + slot.path()
                + "' failed to satisfy constraint: "
                + "Member must have length less than or equal to "
                + slot.shape().max());
  }

  /** Where a length-limited string sits in a generated input, and how to replace it. */
  private record StringSlot(String path, Shape shape, Consumer<JsonNode> setter) {}

  /** Generates random values that satisfy the model, remembering every length-limited string. */
  private static final class RandomInput {
    // Mixes ASCII, Coral's separators/quotes, BMP non-ASCII and supplementary characters.
    private static final int[] CODE_POINTS = {
      'a', 'Z', '7', ' ', '\'', ';', '.', 'é', '日', 0x1F600, 0x1D11E
    };
    private final Random rnd;
    final List<StringSlot> slots = new ArrayList<>();

    RandomInput(Random rnd) {
      this.rnd = rnd;
    }

    JsonNode value(Shape s, String path) {
      return switch (s.type()) {
        case STRUCTURE -> structure(s, path);
        case LIST -> list(s, path);
        case STRING ->
            NODES.textNode(
                s.isEnum()
                    ? s.enumValues().get(rnd.nextInt(s.enumValues().size()))
                    : string(length(s)));
        case INTEGER, LONG ->
            NODES.numberNode(
                between(s.hasMin() ? s.min() : -1_000_000, s.hasMax() ? s.max() : 1_000_000));
        case BOOLEAN -> NODES.booleanNode(rnd.nextBoolean());
        case TIMESTAMP ->
            rnd.nextBoolean()
                ? NODES.numberNode(between(0, 4_000_000_000L))
                : NODES.numberNode(rnd.nextInt(2_000_000_000) + rnd.nextInt(1000) / 1000.0);
      };
    }

    private ObjectNode structure(Shape s, String path) {
      ObjectNode o = NODES.objectNode();
      for (Shape.Member m : s.members()) {
        int dice = rnd.nextInt(10);
        if (!m.required() && dice < 4) continue;
        if (!m.required() && dice == 4) {
          o.putNull(m.name());
          continue;
        } // null == absent
        String p = path.isEmpty() ? m.name() : path + "." + m.name();
        o.set(m.name(), value(m.shape(), p));
        remember(m.shape(), p, v -> o.set(m.name(), v));
      }
      if (rnd.nextInt(4) == 0) o.put("notInTheModel" + rnd.nextInt(3), rnd.nextInt()); // ignored
      return o;
    }

    private ArrayNode list(Shape s, String path) {
      ArrayNode a = NODES.arrayNode();
      int size = (int) between(s.hasMin() ? s.min() : 0, Math.min(s.max(), 4));
      for (int i = 0; i < size; i++) {
        String p = path + "." + (i + 1) + ".member";
        a.add(value(s.listMember(), p));
        int index = i;
        remember(s.listMember(), p, v -> a.set(index, v));
      }
      return a;
    }

    private void remember(Shape s, String path, Consumer<JsonNode> setter) {
      if (s.type() == Shape.Type.STRING && !s.isEnum() && s.hasMax())
        slots.add(new StringSlot(path, s, setter));
    }

    /** A length within the bounds, often exactly at one of them. */
    private int length(Shape s) {
      int min = (int) Math.max(0, s.min());
      int max = (int) Math.min(s.max(), 40);
      return switch (rnd.nextInt(4)) {
        case 0 -> min;
        case 1 -> (int) Math.min(s.max(), 5000); // at the max when it is small enough
        default -> (int) between(min, max);
      };
    }

    String string(int codePoints) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < codePoints; i++)
        sb.appendCodePoint(CODE_POINTS[rnd.nextInt(CODE_POINTS.length)]);
      return sb.toString();
    }

    private long between(long lo, long hi) {
      return lo + (long) (rnd.nextDouble() * (hi - lo + 1));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static void assertValid(String operation, String body) {
    assertThatCode(() -> VALIDATOR.validate(operation, json(body))).doesNotThrowAnyException();
  }

  private static String validationError(String operation, String body) {
    SwfFault fault = catchFault(() -> VALIDATOR.validate(operation, json(body)));
    assertThat(fault.name()).as(fault.getMessage()).isEqualTo("ValidationException");
    assertThat(fault.type()).isEqualTo("com.amazon.coral.validate#ValidationException");
    return fault.getMessage();
  }

  private static SwfFault catchFault(Runnable call) {
    SwfFault fault = catchThrowableOfType(SwfFault.class, call::run);
    assertThat(fault).as("expected a SwfFault").isNotNull();
    return fault;
  }
}
