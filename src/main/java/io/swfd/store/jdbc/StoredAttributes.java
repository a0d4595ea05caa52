package io.swfd.store.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An event's attributes as read from the store: kept as the stored JSON, decoded only when a caller
 * looks inside, and written out as that same JSON when untouched. A history page on its way to a
 * decider is never looked into, so it goes from the store into the response without being parsed
 * and encoded again (that round trip was a tenth of the work of a decision task poll).
 */
@JsonSerialize(using = StoredAttributes.Writer.class)
final class StoredAttributes extends AbstractMap<String, Object> {
  /** The stored JSON; null once the map has been changed (then the decoded map is the truth). */
  private String json;

  private Map<String, Object> decoded;

  /** Whether {@link #get} has read a member straight from the JSON once already. */
  private boolean looked;

  StoredAttributes(String json) {
    this.json = json;
  }

  private Map<String, Object> decoded() {
    if (decoded == null) decoded = RunCodec.attributes(json);
    return decoded;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Collections.unmodifiableMap(decoded()).entrySet();
  }

  /**
   * The first look reads the one member from the stored JSON without decoding the rest: the engine
   * often wants one member of an event it reads back (an activity task's input when the task is
   * handed out), and decoding the whole map cost more than the look. Further looks decode it.
   */
  @Override
  public Object get(Object key) {
    if (decoded == null && !looked && key instanceof String name) {
      looked = true;
      Object[] found = RunCodec.member(json, name);
      if (found != null) return found[0];
    }
    return decoded().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return decoded().containsKey(key);
  }

  @Override
  public int size() {
    return decoded().size();
  }

  @Override
  public Object put(String key, Object value) {
    Object old = decoded().put(key, value);
    json = null;
    return old;
  }

  @Override
  public Object remove(Object key) {
    Object old = decoded().remove(key);
    json = null;
    return old;
  }

  static final class Writer extends StdSerializer<StoredAttributes> {
    Writer() {
      super(StoredAttributes.class);
    }

    @Override
    public void serialize(StoredAttributes value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value.json != null) gen.writeRawValue(value.json);
      else provider.defaultSerializeValue(value.decoded, gen);
    }
  }
}
