package io.swfd.http;

/**
 * The credential scope of a SigV4 Authorization header ({@code AWS4-HMAC-SHA256
 * Credential=AKID/20260101/us-west-2/swf/aws4_request, ...}): its access key id and its region.
 * State is kept per region, as on AWS; unsigned requests belong to us-east-1. Never fails: a
 * malformed header is refused by the signature check ({@link io.swfd.auth.SigV4Verifier}), which
 * runs before anything uses the region. Read once per request with {@code indexOf} (no split).
 *
 * @param region the scope's region, or us-east-1 when the header names none
 * @param accessKeyId the access key id, or null when the header names none
 */
record SigV4Scope(String region, String accessKeyId) {
  static final String DEFAULT_REGION = "us-east-1";
  private static final SigV4Scope NONE = new SigV4Scope(DEFAULT_REGION, null);
  private static final String CREDENTIAL = "Credential=";

  static SigV4Scope of(String authorization) {
    if (authorization == null) return NONE;
    int i = authorization.indexOf(CREDENTIAL);
    if (i < 0) return NONE;
    int start = i + CREDENTIAL.length();
    int end = authorization.indexOf(',', start);
    String cred =
        (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).trim();
    // keyid/date/region/...
    int s1 = cred.indexOf('/');
    String key = s1 < 0 ? cred : cred.substring(0, s1);
    int s2 = s1 < 0 ? -1 : cred.indexOf('/', s1 + 1);
    String region = DEFAULT_REGION;
    if (s2 >= 0) {
      int s3 = cred.indexOf('/', s2 + 1);
      String r = s3 < 0 ? cred.substring(s2 + 1) : cred.substring(s2 + 1, s3);
      if (!r.isEmpty()) region = r;
    }
    return new SigV4Scope(region, key.isEmpty() ? null : key);
  }
}
