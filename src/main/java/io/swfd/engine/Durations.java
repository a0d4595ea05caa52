package io.swfd.engine;

import io.swfd.run.Fault;
import java.time.Duration;

/**
 * SWF durations are strings: whole seconds as a decimal number, or "NONE" for no limit. Every
 * timeout is capped at one year (31,536,000 s).
 */
public final class Durations {
  public static final String NONE = "NONE";
  public static final long MAX_SECONDS = 31_536_000L;

  private Durations() {}

  /** Checks a timeout string; {@code noneAllowed} is false for execution start-to-close. */
  public static void check(String path, String value, boolean noneAllowed) {
    if (value == null) return;
    if (NONE.equals(value)) {
      if (noneAllowed) return;
      throw invalid(path, value, "Member must be a number of seconds (NONE is not allowed here)");
    }
    long s = parseSeconds(value);
    if (s < 0) throw invalid(path, value, "Member must be a whole number of seconds or NONE");
    if (s > MAX_SECONDS)
      throw invalid(path, value, "Member must have value less than or equal to " + MAX_SECONDS);
  }

  /** Seconds, or -1 when not a non-negative decimal integer. */
  public static long parseSeconds(String value) {
    if (value == null || value.isEmpty() || value.length() > 8) return -1;
    long v = 0;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch < '0' || ch > '9') return -1;
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  /** The duration a valid timeout string stands for; null for NONE (no deadline). */
  public static Duration toDuration(String value) {
    if (value == null || NONE.equals(value)) return null;
    return Duration.ofSeconds(parseSeconds(value));
  }

  static Fault invalid(String path, String value, String constraint) {
    return Fault.validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + path
            + "' failed to satisfy constraint: "
            + constraint);
  }

  /** Task priorities are strings holding a signed 32-bit integer. */
  public static int checkPriority(String path, String value) {
    if (value == null) return 0;
    try {
      return Integer.parseInt(
          value.trim().startsWith("+") ? value.trim().substring(1) : value.trim());
    } catch (NumberFormatException e) {
      throw invalid(path, value, "Member must be an integer between -2147483648 and 2147483647");
    }
  }
}
