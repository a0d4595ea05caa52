package io.swfd.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A member read straight from the stored JSON (the first look into an event's attributes) is what
 * decoding the whole document gives.
 */
class StoredAttributesTest {
  private static final String JSON =
      "{\"input\":\"in \\\"quoted\\\" \\u00e9\",\"n\":42,"
          + "\"f\":1.5,\"t\":true,\"no\":false,\"nothing\":null,\"obj\":{\"a\":[1,2]},"
          + "\"list\":[\"x\"],\"twice\":1,\"twice\":2}";

  @Test
  void eachMemberReadsAsTheDecodedMapHasIt() {
    Map<String, Object> decoded = RunCodec.attributes(JSON);
    for (String name :
        List.of("input", "n", "f", "t", "no", "nothing", "obj", "list", "twice", "absent")) {
      // a fresh instance per name: only the first look reads the JSON directly
      Object direct = new StoredAttributes(JSON).get(name);
      assertThat(direct).as(name).isEqualTo(decoded.get(name));
      if (direct != null)
        assertThat(direct.getClass()).as(name).isEqualTo(decoded.get(name).getClass());
    }
    StoredAttributes a = new StoredAttributes(JSON);
    assertThat(a.get("n")).isEqualTo(42L);
    assertThat(a.get("input")).isEqualTo("in \"quoted\" \u00e9"); // the second look decodes
    assertThat(a).isEqualTo(decoded);
  }
}
