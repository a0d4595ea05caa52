package io.swfd.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonGenerator;
import io.swfd.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * {@code --log-format json}: one JSON object per line, for log shippers: {@code time} (ISO-8601
 * UTC), {@code level}, {@code logger}, {@code thread}, {@code message}, the event's key-value pairs
 * as fields of their own (the access log's {@code accessKey}, {@code operation}, ...), and {@code
 * error} with the stack trace when there is one.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
      g.writeStringField("level", e.getLevel().toString());
      g.writeStringField("logger", e.getLoggerName());
      g.writeStringField("thread", e.getThreadName());
      g.writeStringField("message", e.getFormattedMessage());
      if (e.getKeyValuePairs() != null) {
        for (KeyValuePair kv : e.getKeyValuePairs()) {
          g.writeFieldName(kv.key);
          if (kv.value == null) g.writeNull();
          else if (kv.value instanceof Number n) g.writeNumber(n.toString());
          else if (kv.value instanceof Boolean b) g.writeBoolean(b);
          else g.writeString(kv.value.toString());
        }
      }
      IThrowableProxy t = e.getThrowableProxy();
      if (t != null) g.writeStringField("error", ThrowableProxyUtil.asString(t));
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    out.write('\n');
    return out.toByteArray();
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
