package io.swfd.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Reading an event's attributes is checked against the attribute shape of its type. */
class HistoryEventTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  private static HistoryEvent event(EventType type, Map<String, Object> attributes) {
    return new HistoryEvent(7, T, type, attributes);
  }

  @Test
  void aMisspelledNameIsAnErrorNotZero() {
    HistoryEvent e = event(EventType.ActivityTaskStarted, Map.of("scheduledEventId", 5L));
    assertThat(e.number("scheduledEventId")).isEqualTo(5);
    assertThatThrownBy(() -> e.number("scheduledEventID"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ActivityTaskStarted")
        .hasMessageContaining("scheduledEventID");
    assertThatThrownBy(() -> e.string("scheduledEventid"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.optionalNumber("startedEventId"))
        .as("a member of another event type")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.has("initiatedEventId"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.struct("taskList")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.list("tagList")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.nestedString("activityType", "name"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAbsentOptionalMemberIsDistinguishable() {
    HistoryEvent e =
        event(
            EventType.WorkflowExecutionStarted,
            Map.of("childPolicy", "TERMINATE", "taskList", Map.of("name", "l")));
    assertThat(e.has("childPolicy")).isTrue();
    assertThat(e.has("parentInitiatedEventId")).isFalse();
    assertThat(e.optionalNumber("parentInitiatedEventId")).isEmpty();
    assertThat(e.string("input")).isNull();
    assertThat(e.list("tagList")).isNull();
    assertThat(e.struct("parentWorkflowExecution")).isNull();
    assertThat(e.nestedString("taskList", "name")).isEqualTo("l");
    assertThatThrownBy(() -> e.number("parentInitiatedEventId"))
        .as("number() is for members the event carries: absent is not 0")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("parentInitiatedEventId");

    HistoryEvent child =
        event(
            EventType.WorkflowExecutionStarted,
            Map.of("parentInitiatedEventId", 0L, "tagList", List.of("a")));
    assertThat(child.optionalNumber("parentInitiatedEventId")).hasValue(0);
    assertThat(child.number("parentInitiatedEventId")).isZero();
    assertThat(child.list("tagList")).containsExactly("a");
  }

  @Test
  void anEventIsMadeOnlyOfItsTypesMembers() {
    assertThat(
            HistoryEvent.checkedAttributes(
                EventType.TimerFired, Map.of("timerId", "t", "startedEventId", 3L)))
        .containsEntry("timerId", "t");
    assertThatThrownBy(
            () ->
                HistoryEvent.checkedAttributes(
                    EventType.TimerFired, Map.of("timerID", "t", "startedEventId", 3L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timerID");
  }

  /** The names each type defines are those of the service model's attribute shapes. */
  @Test
  void eachTypeDefinesTheMembersOfItsShapeInTheModel() throws Exception {
    JsonNode model;
    try (InputStream in = HistoryEventTest.class.getResourceAsStream("/swf-model.json")) {
      model = new ObjectMapper().readTree(in);
    }
    JsonNode shapes = model.get("shapes");
    JsonNode history = shapes.get("HistoryEvent").get("members");
    Set<EventType> seen = new TreeSet<>();
    for (EventType t : EventType.values()) {
      JsonNode member = history.get(t.attributesMember());
      assertThat(member).as(t.attributesMember()).isNotNull();
      JsonNode members = shapes.get(member.get("shape").asText()).get("members");
      for (Iterator<String> it = members.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        assertThat(t.defines(name)).as(t + "." + name).isTrue();
      }
      assertThat(t.defines("noSuchMember")).isFalse();
      seen.add(t);
    }
    assertThat(seen).hasSize(EventType.values().length);
  }
}
