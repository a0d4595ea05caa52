package io.swfd.auth;

import io.swfd.api.SwfFault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a request's AWS Signature Version 4 (Authorization header) against the configured keys,
 * the way AWS's front end does (AWS General Reference, 'Signature Version 4 signing process'; SWF
 * API Reference, 'Common Errors'): exactly the headers named in SignedHeaders and the SHA-256 of
 * the body are verified, any region is accepted, and the request time may be at most five minutes
 * off. Refusals carry AWS's error names and messages: MissingAuthenticationTokenException,
 * IncompleteSignatureException, UnrecognizedClientException, InvalidSignatureException (including
 * "Signature expired: ...").
 *
 * <p>The clock is the real one even when the server runs on a virtual clock: clients sign with
 * their own wall-clock time.
 */
public final class SigV4Verifier {
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  public static final String SERVICE = "swf";
  private static final String ALGORITHM = SigV4.ALGORITHM;
  private static final DateTimeFormatter ISO_BASIC = SigV4.AMZ_DATE;

  /**
   * A request as the HTTP edge sees it; {@code headers} gives all values of a header by lower-case
   * name.
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  public record Request(
      String method,
      String rawPath,
      String rawQuery,
      Function<String, List<String>> headers,
      byte[] body) {
    String first(String name) {
      List<String> v = headers.apply(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final Map<String, Credential> keys = new HashMap<>();
  private final String defaultAccount;
  private final InstantSource clock;

  public SigV4Verifier(List<Credential> credentials, String defaultAccount, InstantSource clock) {
    for (Credential c : credentials) keys.put(c.accessKeyId(), c);
    this.defaultAccount = defaultAccount;
    this.clock = clock;
  }

  public SigV4Verifier(List<Credential> credentials, String defaultAccount) {
    this(credentials, defaultAccount, InstantSource.system());
  }

  /** What a well-formed Authorization header says, with the request time it was signed for. */
  private record Parsed(
      String header,
      String signedHeaders,
      String signature,
      String keyId,
      String scopeDate,
      String region,
      String service,
      String terminator,
      String amzDate,
      Instant when) {}

  /**
   * Checks that a request's Authorization header, if it has one, is a well-formed SigV4 header: the
   * checks AWS's front end makes before it looks at the key, the signature or the clock. Used when
   * no credentials are configured (any key and any signature are accepted, but a malformed header
   * is still AWS's IncompleteSignatureException or InvalidSignatureException).
   *
   * @throws SwfFault when the header is malformed
   */
  public static void checkWellFormed(Request r) {
    if (r.first("authorization") != null) parse(r);
  }

  /**
   * @return who signed the request
   * @throws SwfFault when the request is not signed, or not signed correctly by a known key
   */
  public Principal verify(Request r) {
    if (r.first("authorization") == null) throw missingToken();
    Parsed p = parse(r);
    String keyId = p.keyId(),
        scopeDate = p.scopeDate(),
        region = p.region(),
        service = p.service(),
        amzDate = p.amzDate();
    Instant when = p.when();
    if (!service.equals(SERVICE))
      throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'. ");
    if (!scopeDate.equals(amzDate.substring(0, 8))) {
      throw invalid(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
              + scopeDate
              + "' != '"
              + amzDate.substring(0, 8)
              + "', from '"
              + amzDate
              + "'.");
    }
    Instant now = clock.instant();
    if (when.isBefore(now.minus(MAX_SKEW))) {
      throw invalid(
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + ISO_BASIC.format(now.minus(MAX_SKEW))
              + " ("
              + ISO_BASIC.format(now)
              + " - 5 min.)");
    }
    if (when.isAfter(now.plus(MAX_SKEW))) {
      throw invalid(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + ISO_BASIC.format(now.plus(MAX_SKEW))
              + " ("
              + ISO_BASIC.format(now)
              + " + 5 min.)");
    }

    Credential key = keys.get(keyId);
    if (key == null) throw unrecognized();
    String token = r.first("x-amz-security-token");
    if (key.sessionToken() == null
        ? token != null
        : token == null || !MessageDigest.isEqual(utf8(token.trim()), utf8(key.sessionToken()))) {
      throw unrecognized();
    }

    List<String> signed = new ArrayList<>();
    for (String h : p.signedHeaders().split(";")) {
      String name = h.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) signed.add(name);
    }
    if (!signed.contains("host") && !signed.contains(":authority")) {
      throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    String bodyHash = SigV4.hex(SigV4.sha256(r.body() == null ? new byte[0] : r.body()));
    String declaredHash = r.first("x-amz-content-sha256");
    if (declaredHash != null && !declaredHash.trim().equalsIgnoreCase(bodyHash)) {
      // also refuses UNSIGNED-PAYLOAD: the body must be covered by the signature
      throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : signed) {
      List<String> values = r.headers().apply(name);
      headers.put(
          name,
          values == null
              ? ""
              : String.join(",", values.stream().map(SigV4Verifier::canonicalValue).toList()));
    }
    String expected =
        SigV4.signature(
            key.secretAccessKey(),
            r.method(),
            canonicalUri(r.rawPath()),
            canonicalQuery(r.rawQuery()),
            headers,
            bodyHash,
            amzDate,
            region,
            service);
    if (!MessageDigest.isEqual(utf8(expected), utf8(p.signature().toLowerCase(Locale.ROOT)))) {
      throw invalid(
          "The request signature we calculated does not match the signature you provided. Check your AWS "
              + "Secret Access Key and signing method. Consult the service documentation for details.");
    }
    return new Principal(key, key.account() != null ? key.account() : defaultAccount);
  }

  /**
   * Parses the Authorization header (and the request's date) as AWS's front end does, by hand: this
   * runs on every request, also when no credentials are configured ({@link #checkWellFormed}), and
   * a regular expression, a map of the pairs and a {@code DateTimeFormatter} per request cost more
   * than the rest of the edge's own work.
   */
  private static Parsed parse(Request r) {
    String header = r.first("authorization").trim();
    String amzDateHeader = r.first("x-amz-date");
    String dateHeader = r.first("date");
    boolean hasDate = amzDateHeader != null || dateHeader != null;

    int sp = indexOfWhitespace(header);
    String scheme = sp < 0 ? header : header.substring(0, sp);
    String rest = sp < 0 ? "" : header.substring(sp + 1).trim();
    String credential = null, signedHeaders = null, signature = null;
    if (scheme.equals(ALGORITHM)) {
      // AWS splits on commas and on white space: "Credential=AKID /2030..." names '/2030...' as the
      // bad pair; the first of a repeated name counts
      int n = rest.length();
      for (int i = 0; i < n; ) {
        if (isSeparator(rest.charAt(i))) {
          i++;
          continue;
        }
        int end = i;
        while (end < n && !isSeparator(rest.charAt(end))) end++;
        String p = rest.substring(i, end).trim();
        i = end;
        if (p.isEmpty()) continue;
        int eq = p.indexOf('=');
        if (eq < 0) {
          throw incomplete(
              "'"
                  + p
                  + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                  + header
                  + "'.");
        }
        String name = p.substring(0, eq).trim();
        if (credential == null && name.equals("Credential"))
          credential = p.substring(eq + 1).trim();
        else if (signedHeaders == null && name.equals("SignedHeaders"))
          signedHeaders = p.substring(eq + 1).trim();
        else if (signature == null && name.equals("Signature"))
          signature = p.substring(eq + 1).trim();
      }
    } else if (scheme.startsWith("AWS4-")) {
      throw incomplete("Unsupported AWS 'algorithm': '" + scheme + "'.");
    }
    if (credential == null || signature == null || signedHeaders == null || !hasDate) {
      StringBuilder missing = new StringBuilder();
      if (credential == null)
        missing.append("Authorization header requires 'Credential' parameter. ");
      if (signature == null)
        missing.append("Authorization header requires 'Signature' parameter. ");
      if (signedHeaders == null)
        missing.append("Authorization header requires 'SignedHeaders' parameter. ");
      if (!hasDate)
        missing.append(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
      throw incomplete(missing + "Authorization=" + header);
    }

    // keyid/date/region/service/terminator
    int s1 = credential.indexOf('/');
    int s2 = s1 < 0 ? -1 : credential.indexOf('/', s1 + 1);
    int s3 = s2 < 0 ? -1 : credential.indexOf('/', s2 + 1);
    int s4 = s3 < 0 ? -1 : credential.indexOf('/', s3 + 1);
    if (s4 < 0 || credential.indexOf('/', s4 + 1) >= 0 || s1 == 0 || s2 == s1 + 1 || s4 == s3 + 1) {
      throw incomplete(
          "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
              + credential
              + "'");
    }
    Instant when;
    String amzDate;
    if (amzDateHeader != null) {
      amzDate = amzDateHeader.trim();
      when = parseIsoBasic(amzDate);
    } else {
      when = parseHttpDate(dateHeader.trim());
      amzDate = ISO_BASIC.format(when);
    }
    String region = credential.substring(s2 + 1, s3), terminator = credential.substring(s4 + 1);
    if (!terminator.equals("aws4_request")) {
      throw invalid(
          "Credential should be scoped with a valid terminator: 'aws4_request', not '"
              + terminator
              + "'. ");
    }
    if (!validRegion(region)) {
      throw invalid("Credential should be scoped to a valid region, not '" + region + "'. ");
    }
    return new Parsed(
        header,
        signedHeaders,
        signature,
        credential.substring(0, s1),
        credential.substring(s1 + 1, s2),
        region,
        credential.substring(s3 + 1, s4),
        terminator,
        amzDate,
        when);
  }

  /** What the pairs of the header are split on: a comma or white space (regex {@code [,\\s]}). */
  private static boolean isSeparator(char c) {
    return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** {@code [A-Za-z0-9-]{1,64}} */
  private static boolean validRegion(String region) {
    int n = region.length();
    if (n < 1 || n > 64) return false;
    for (int i = 0; i < n; i++) {
      char c = region.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        return false;
    }
    return true;
  }

  // --- errors (SWF API Reference, 'Common Errors') ---

  public static SwfFault missingToken() {
    return new SwfFault(
        400,
        SwfFault.CORAL_SERVICE,
        "MissingAuthenticationTokenException",
        "Request is missing Authentication Token");
  }

  static SwfFault incomplete(String message) {
    return new SwfFault(400, SwfFault.CORAL_SERVICE, "IncompleteSignatureException", message);
  }

  static SwfFault invalid(String message) {
    return new SwfFault(400, SwfFault.CORAL_SERVICE, "InvalidSignatureException", message);
  }

  static SwfFault unrecognized() {
    return new SwfFault(
        400,
        SwfFault.CORAL_SERVICE,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.");
  }

  // --- canonical form ---

  /**
   * {@code yyyyMMdd'T'HHmmss'Z'}: the usual form, with a valid date and time, is read by hand;
   * anything else goes through the formatter, which decides (and words the error) as before.
   */
  private static Instant parseIsoBasic(String v) {
    if (v.length() == 16 && v.charAt(8) == 'T' && v.charAt(15) == 'Z') {
      int year = digits(v, 0, 4),
          month = digits(v, 4, 6),
          day = digits(v, 6, 8),
          hour = digits(v, 9, 11),
          minute = digits(v, 11, 13),
          second = digits(v, 13, 15);
      if (year >= 1
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59) {
        return java.time.LocalDateTime.of(year, month, day, hour, minute, second)
            .toInstant(ZoneOffset.UTC);
      }
    }
    try {
      return ZonedDateTime.parse(v, ISO_BASIC).toInstant();
    } catch (DateTimeParseException e) {
      throw incomplete(
          "Date must be in ISO-8601 'basic format'. Got '"
              + v
              + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
  }

  /** The decimal number in {@code v[from, to)}, or -1 if it is not all ASCII digits. */
  private static int digits(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static Instant parseHttpDate(String v) {
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
          .withZoneSameInstant(ZoneOffset.UTC)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw incomplete(
          "Date must be in ISO-8601 'basic format'. Got '"
              + v
              + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
  }

  /** A header value as signers canonicalize it: trimmed, each run of white space one space. */
  static String canonicalValue(String v) {
    return WHITESPACE.matcher(v).replaceAll(" ").trim();
  }

  private static final java.util.regex.Pattern WHITESPACE =
      java.util.regex.Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

  /** Non-S3 services encode each path segment once more (the path arrives encoded already). */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) return "/";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '/') sb.append('/');
      else sb.append(encode(String.valueOf(c)));
    }
    return sb.toString();
  }

  /** Parameters decoded, re-encoded the SigV4 way and sorted by name, then value. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) return "";
    List<String[]> pairs = new ArrayList<>();
    for (String p : rawQuery.split("&")) {
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      pairs.add(new String[] {encode(decode(k)), encode(decode(v))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      if (sb.length() > 0) sb.append('&');
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0) return s;
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        out[n++] = (byte) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (n + b.length > out.length)
          out = java.util.Arrays.copyOf(out, out.length * 2 + b.length);
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
    return -1;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
