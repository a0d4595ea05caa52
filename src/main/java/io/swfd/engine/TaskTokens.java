package io.swfd.engine;

import io.swfd.run.Fault;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Task tokens: which task of which run, sealed with an HMAC under a key kept in the store. A token
 * is verified without a lookup, cannot be forged or guessed, stays valid across restarts, and is
 * useless once its task has closed (the run's state no longer has a started task with that id).
 */
public final class TaskTokens {
  /** The kind of task; its code is the token's first byte (tokens outlive a build: fixed). */
  public enum Kind {
    DECISION(0),
    ACTIVITY(1);

    final byte code;

    Kind(int code) {
      this.code = (byte) code;
    }
  }

  public record Task(Kind kind, long runPk, long scheduledEventId, long startedEventId) {}

  private static final int PAYLOAD = 1 + 8 + 8 + 8;
  private static final int MAC = 16;

  private final byte[] key;

  /** An initialized Mac per thread: creating one per token costs more than the HMAC itself. */
  private final ThreadLocal<Mac> macs;

  public TaskTokens(byte[] key) {
    this.key = key.clone();
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(this.key, "HmacSHA256"));
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  public String issue(Task t) {
    ByteBuffer b = ByteBuffer.allocate(PAYLOAD + MAC);
    b.put(t.kind().code)
        .putLong(t.runPk())
        .putLong(t.scheduledEventId())
        .putLong(t.startedEventId());
    b.put(mac(b.array(), PAYLOAD));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /**
   * The task a token names. A token that cannot be parsed (not one swfd could have issued) is
   * {@code ValidationException: Invalid token}, as SWF answers it; a well-formed one that does not
   * verify, or is of the other kind of task, is an unknown resource.
   */
  public Task open(String token, Kind expected) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    if (raw.length != PAYLOAD + MAC) throw malformed();
    if (!MessageDigest.isEqual(Arrays.copyOfRange(raw, PAYLOAD, raw.length), mac(raw, PAYLOAD)))
      throw invalid(expected);
    ByteBuffer b = ByteBuffer.wrap(raw);
    int kind = b.get();
    if (kind != expected.code) throw invalid(expected);
    return new Task(expected, b.getLong(), b.getLong(), b.getLong());
  }

  /**
   * The run a token names, read without verifying it (a cluster node finds the run's owner so; the
   * owner verifies the token), or -1 when it cannot be one swfd issued.
   */
  public static long runPkOf(String token) {
    if (token == null) return -1;
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (raw.length != PAYLOAD + MAC) return -1;
    return ByteBuffer.wrap(raw, 1, 8).getLong();
  }

  private static Fault malformed() {
    return Fault.validation("Invalid token");
  }

  private static Fault invalid(Kind kind) {
    return Fault.unknownResource(
        kind == Kind.ACTIVITY ? "Unknown activity task token" : "Unknown decision task token");
  }

  private byte[] mac(byte[] data, int len) {
    Mac m = macs.get();
    m.update(data, 0, len);
    return Arrays.copyOf(m.doFinal(), MAC);
  }
}
