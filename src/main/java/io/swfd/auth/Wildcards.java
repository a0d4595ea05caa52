package io.swfd.auth;

/** IAM wildcards: {@code *} matches any run of characters (also none), {@code ?} exactly one. */
final class Wildcards {
  private Wildcards() {}

  static boolean matches(String pattern, String value) {
    if (value == null) return false;
    // iterative glob matching with backtracking to the last '*': linear in practice, never
    // exponential
    int p = 0, v = 0, star = -1, mark = 0;
    while (v < value.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
        p++;
        v++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = v;
      } else if (star >= 0) {
        p = star + 1;
        v = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') p++;
    return p == pattern.length();
  }
}
