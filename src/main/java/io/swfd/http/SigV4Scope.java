package io.swfd.http;

/**
 * Reads the credential scope of a SigV4 Authorization header ({@code AWS4-HMAC-SHA256
 * Credential=AKID/20260101/us-west-2/swf/aws4_request, ...}). State is kept per region, as on AWS;
 * unsigned requests belong to us-east-1. Never fails: a malformed header is refused by the
 * signature check ({@link io.swfd.auth.SigV4Verifier}), which runs before anything uses the region.
 */
final class SigV4Scope {
  static final String DEFAULT_REGION = "us-east-1";

  private SigV4Scope() {}

  static String region(String authorization) {
    String[] parts = credential(authorization);
    return parts != null && parts.length >= 3 && !parts[2].isEmpty() ? parts[2] : DEFAULT_REGION;
  }

  /** The access key id, or null when the header names none. */
  static String accessKeyId(String authorization) {
    String[] parts = credential(authorization);
    return parts != null && parts.length >= 1 && !parts[0].isEmpty() ? parts[0] : null;
  }

  private static String[] credential(String authorization) {
    if (authorization == null) return null;
    int i = authorization.indexOf("Credential=");
    if (i < 0) return null;
    int start = i + "Credential=".length();
    int end = authorization.indexOf(',', start);
    String cred =
        (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).trim();
    return cred.split("/", -1);
  }
}
