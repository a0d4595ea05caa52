package io.swfd.engine;

import io.swfd.run.Fault;

/**
 * SWF's character rules for names it stores (domains, types, versions, workflow, activity and timer
 * ids, task lists): no leading or trailing whitespace, no ':' '/' '|', no control characters
 * (U+0000-001F, U+007F-009F) and not the literal "arn". The model cannot express them, so they are
 * checked here; the fault is a ValidationException in AWS's wording (the exact text AWS uses for
 * these is not documented, see README).
 */
public final class Names {
  private Names() {}

  public static void check(String path, String value) {
    if (value == null) return;
    if (!valid(value)) {
      throw Fault.validation(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must not contain ':', '/', '|' or control characters,"
              + " must not start or end with whitespace, and must not be the literal string 'arn'");
    }
  }

  public static boolean valid(String value) {
    if (value.isEmpty()) return true; // length rules are the model's job
    if (value.equals("arn")) return false;
    if (Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) return false;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == ':' || ch == '/' || ch == '|' || ch <= 0x1f || (ch >= 0x7f && ch <= 0x9f))
        return false;
    }
    return true;
  }
}
