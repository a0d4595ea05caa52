package io.swfd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.swfd.api.SwfFault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The SigV4 verifier against the AWS SDK v2 signer as an oracle: every request the SDK signs is
 * accepted (by the right key), and any change to what was signed is refused with AWS's error.
 */
class SigV4VerifierTest {
  static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
  static final String ACCOUNT = "123456789012";
  static final List<Credential> KEYS =
      List.of(
          new Credential("AKIDONE0000000000001", "secret-one/with+chars=", null, null, null),
          new Credential("AKIDTWO0000000000002", "s2", null, "210987654321", null),
          new Credential(
              "ASIATEMP000000000003",
              "temp-secret",
              "FQoGZXIvYXdzEXAMPLEsessiontoken==",
              null,
              null));
  static final String[] REGIONS = {
    "us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "local", "xx-test-9"
  };
  static final String[] TARGETS = {
    "SimpleWorkflowService.ListDomains",
    "SimpleWorkflowService.PollForDecisionTask",
    "SimpleWorkflowService.RespondDecisionTaskCompleted"
  };

  final SigV4Verifier verifier = new SigV4Verifier(KEYS, ACCOUNT, () -> NOW);

  /** One SDK-signed request: what the verifier is given. */
  @SuppressWarnings("ArrayRecordComponent") // never compared
  record Signed(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      byte[] body,
      Credential key,
      String region) {
    SigV4Verifier.Request request() {
      Map<String, List<String>> lower = new LinkedHashMap<>();
      headers.forEach(
          (k, v) ->
              lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
      Function<String, List<String>> h = name -> lower.getOrDefault(name, List.of());
      return new SigV4Verifier.Request(method, path, query, h, body);
    }

    Signed withHeaders(Map<String, List<String>> h) {
      return new Signed(method, path, query, h, body, key, region);
    }

    Signed withBody(byte[] b) {
      return new Signed(method, path, query, headers, b, key, region);
    }

    Signed withQuery(String q) {
      return new Signed(method, path, q, headers, body, key, region);
    }

    Map<String, List<String>> headersCopy() {
      Map<String, List<String>> m = new LinkedHashMap<>();
      headers.forEach((k, v) -> m.put(k, new ArrayList<>(v)));
      return m;
    }

    String signedHeaders() {
      String auth = headers.get("Authorization").get(0);
      int i = auth.indexOf("SignedHeaders=");
      return auth.substring(i + "SignedHeaders=".length(), auth.indexOf(',', i));
    }
  }

  static Signed sign(Random rnd, Credential key, Instant at) {
    String region = REGIONS[rnd.nextInt(REGIONS.length)];
    byte[] body = randomBody(rnd);
    String query = rnd.nextInt(5) == 0 ? randomQuery(rnd) : null;
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .protocol(rnd.nextBoolean() ? "http" : "https")
            .host(rnd.nextBoolean() ? "localhost" : "127.0.0.1")
            .port(rnd.nextBoolean() ? 7777 : 40000 + rnd.nextInt(20000))
            .encodedPath("/")
            .putHeader("X-Amz-Target", TARGETS[rnd.nextInt(TARGETS.length)])
            .putHeader("Content-Type", "application/x-amz-json-1.0");
    if (query != null) {
      for (String p : query.split("&")) {
        int eq = p.indexOf('=');
        b.appendRawQueryParameter(decode(p.substring(0, eq)), decode(p.substring(eq + 1)));
      }
    }
    int extra = rnd.nextInt(4);
    for (int i = 0; i < extra; i++) {
      String name = "X-Custom-" + Integer.toString(rnd.nextInt(1000), 36);
      b.appendHeader(name, randomHeaderValue(rnd));
      if (rnd.nextInt(4) == 0) b.appendHeader(name, randomHeaderValue(rnd)); // a repeated header
    }
    if (rnd.nextBoolean()) b.putHeader("Content-Length", Integer.toString(body.length));
    if (rnd.nextInt(4) == 0) b.putHeader("x-amz-content-sha256", SigV4.hex(SigV4.sha256(body)));
    AwsCredentialsIdentity id =
        key.sessionToken() != null
            ? AwsSessionCredentialsIdentity.create(
                key.accessKeyId(), key.secretAccessKey(), key.sessionToken())
            : AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey());
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(id)
                        .request(b.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "swf")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    SdkHttpRequest req = signed.request();
    Map<String, List<String>> headers = new LinkedHashMap<>(req.headers());
    if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("host"))) {
      // what an HTTP client sends: the SDK leaves Host to the client (default ports are omitted)
      boolean defaultPort = req.port() == ("https".equals(req.protocol()) ? 443 : 80);
      headers.put("Host", List.of(defaultPort ? req.host() : req.host() + ":" + req.port()));
    }
    return new Signed(
        "POST", "/", req.encodedQueryParameters().orElse(null), headers, body, key, region);
  }

  @Test
  void acceptsWhatTheSdkSignsAndRefusesEveryTampering() {
    long seed = Long.getLong("swfd.seed", System.nanoTime());
    System.out.println(
        "SigV4VerifierTest seed: " + seed + " (rerun with -Dswfd.seed=" + seed + ")");
    Random rnd = new Random(seed);
    int n = 600;
    for (int i = 0; i < n; i++) {
      long caseSeed = rnd.nextLong();
      String where = "case " + i + " (seed " + seed + ", case seed " + caseSeed + ")";
      Random r = new Random(caseSeed);
      Credential key = KEYS.get(r.nextInt(KEYS.size()));
      // any time within the five minutes of skew, either way
      Instant at = NOW.plusSeconds(r.nextInt(599) - 299);
      Signed s = sign(r, key, at);
      try {
        Principal p = verifier.verify(s.request());
        assertThat(p.accessKeyId()).as(where).isEqualTo(key.accessKeyId());
        assertThat(p.account())
            .as(where)
            .isEqualTo(key.account() == null ? ACCOUNT : key.account());
      } catch (SwfFault f) {
        fail(
            where
                + ": a request the SDK signed was refused: "
                + f.name()
                + ": "
                + f.getMessage()
                + "\n"
                + s.headers());
      }
      tamper(r, s, where);
    }
  }

  /**
   * One random change to something signed must be refused; a change to something unsigned must not.
   */
  private void tamper(Random r, Signed s, String where) {
    switch (r.nextInt(8)) {
      case 0 -> { // body
        byte[] b = s.body().length == 0 ? new byte[] {'x'} : s.body().clone();
        if (s.body().length > 0) b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        refused(s.withBody(b), "InvalidSignatureException", where + " body");
      }
      case 1 -> { // a signed header's value
        String[] names = s.signedHeaders().split(";");
        String name = names[r.nextInt(names.length)];
        if (name.equals("x-amz-date")) return; // covered by the date cases
        Map<String, List<String>> h = s.headersCopy();
        String k =
            h.keySet().stream().filter(x -> x.equalsIgnoreCase(name)).findFirst().orElseThrow();
        h.put(k, List.of(h.get(k).get(0) + "x"));
        // a changed session token no longer names the key's session: UnrecognizedClient, as on AWS
        refused(
            s.withHeaders(h),
            name.equals("x-amz-security-token")
                ? "UnrecognizedClientException"
                : "InvalidSignatureException",
            where + " header " + name);
      }
      case 2 -> { // an unsigned header added or changed: still fine
        Map<String, List<String>> h = s.headersCopy();
        h.put("User-Agent", List.of("tamperer/" + r.nextInt()));
        h.put("X-Unsigned-" + r.nextInt(100), List.of("v"));
        assertThat(verifier.verify(s.withHeaders(h).request()).accessKeyId())
            .as(where)
            .isEqualTo(s.key().accessKeyId());
      }
      case 3 -> { // the date moved within the signature's scope day: signature mismatch
        Map<String, List<String>> h = s.headersCopy();
        String d = h.get("X-Amz-Date").get(0);
        Instant t = SigV4.AMZ_DATE.parse(d, Instant::from);
        Instant moved = t.plusSeconds(t.atZone(ZoneOffset.UTC).getSecond() < 30 ? 1 : -1);
        h.put("X-Amz-Date", List.of(SigV4.AMZ_DATE.format(moved)));
        refused(s.withHeaders(h), "InvalidSignatureException", where + " date");
      }
      case 4 -> { // the same key id, a wrong secret
        Credential wrong =
            new Credential(
                s.key().accessKeyId(),
                s.key().secretAccessKey() + "!",
                s.key().sessionToken(),
                null,
                null);
        Signed again = sign(new Random(r.nextLong()), wrong, NOW);
        refused(again, "InvalidSignatureException", where + " secret");
      }
      case 5 -> { // an unknown key
        Signed again =
            sign(new Random(r.nextLong()), new Credential("AKIDUNKNOWN000000000", "x"), NOW);
        SwfFault f = refused(again, "UnrecognizedClientException", where + " unknown key");
        assertThat(f.getMessage())
            .isEqualTo("The security token included in the request is invalid.");
      }
      case 6 -> { // too old or too new
        boolean old = r.nextBoolean();
        Instant at =
            old
                ? NOW.minusSeconds(301 + r.nextInt(100_000))
                : NOW.plusSeconds(301 + r.nextInt(100_000));
        Signed again = sign(new Random(r.nextLong()), s.key(), at);
        SwfFault f = refused(again, "InvalidSignatureException", where + " skew");
        assertThat(f.getMessage())
            .startsWith(
                old
                    ? "Signature expired: " + SigV4.AMZ_DATE.format(at) + " is now earlier than "
                    : "Signature not yet current: "
                        + SigV4.AMZ_DATE.format(at)
                        + " is still later than ");
      }
      default -> { // a query parameter added
        String q = s.query() == null ? "injected=1" : s.query() + "&injected=1";
        refused(s.withQuery(q), "InvalidSignatureException", where + " query");
      }
    }
  }

  private SwfFault refused(Signed s, String error, String where) {
    try {
      verifier.verify(s.request());
    } catch (SwfFault f) {
      assertThat(f.name()).as(where + ": " + f.getMessage()).isEqualTo(error);
      assertThat(f.httpStatus()).isEqualTo(400);
      return f;
    }
    throw new AssertionError(where + ": a tampered request was accepted");
  }

  // --- the fixed error messages ---

  @Test
  void noAuthorizationHeaderIsMissingAuthenticationToken() {
    SwfFault f = refusedRaw(Map.of("host", "localhost", "x-amz-date", "20300615T120000Z"));
    assertThat(f.name()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(f.type()).isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
    assertThat(f.getMessage()).isEqualTo("Request is missing Authentication Token");
  }

  @Test
  void malformedAuthorizationIsIncompleteSignature() {
    SwfFault f = refusedRaw(Map.of("host", "h", "authorization", "Bearer abc"));
    assertThat(f.name()).isEqualTo("IncompleteSignatureException");
    assertThat(f.getMessage())
        .isEqualTo(
            "Authorization header requires 'Credential' parameter. Authorization header requires "
                + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
                + "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc");

    String h =
        "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300615/us-east-1/swf/aws4_request, SignedHeaders=host";
    f = refusedRaw(Map.of("host", "h", "authorization", h, "x-amz-date", "20300615T120000Z"));
    assertThat(f.name()).isEqualTo("IncompleteSignatureException");
    assertThat(f.getMessage())
        .isEqualTo("Authorization header requires 'Signature' parameter. Authorization=" + h);

    h =
        "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001 /20300615/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=00";
    f = refusedRaw(Map.of("host", "h", "authorization", h, "x-amz-date", "20300615T120000Z"));
    assertThat(f.getMessage())
        .isEqualTo(
            "'/20300615/us-east-1/swf/aws4_request' not a valid key=value pair (missing equal-sign) "
                + "in Authorization header: '"
                + h
                + "'.");

    f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "20300615T120000Z",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKID/20300615/us-east-1, SignedHeaders=host, Signature=00"));
    assertThat(f.name()).isEqualTo("IncompleteSignatureException");
    assertThat(f.getMessage())
        .startsWith("Credential must have exactly 5 slash-delimited elements");

    f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "yesterday",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300615/us-east-1/swf/aws4_request, "
                    + "SignedHeaders=host, Signature=00"));
    assertThat(f.name()).isEqualTo("IncompleteSignatureException");
    assertThat(f.getMessage())
        .startsWith("Date must be in ISO-8601 'basic format'. Got 'yesterday'.");
  }

  @Test
  void scopeProblemsAreInvalidSignature() {
    SwfFault f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "20300615T120000Z",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300615/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00"));
    assertThat(f.name()).isEqualTo("InvalidSignatureException");
    assertThat(f.getMessage()).isEqualTo("Credential should be scoped to correct service: 'swf'. ");

    f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "20300615T120000Z",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300614/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=00"));
    assertThat(f.getMessage())
        .isEqualTo(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20300614' != '20300615', from '20300615T120000Z'.");

    f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "20300615T115000Z",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300615/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=00"));
    assertThat(f.getMessage())
        .isEqualTo(
            "Signature expired: 20300615T115000Z is now earlier than 20300615T115500Z "
                + "(20300615T120000Z - 5 min.)");

    f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "20300615T120000Z",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300615/us-east-1/swf/aws4_request, SignedHeaders=x-amz-date, Signature=00"));
    assertThat(f.getMessage())
        .isEqualTo("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

    f =
        refusedRaw(
            Map.of(
                "host",
                "h",
                "x-amz-date",
                "20300615T120000Z",
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDONE0000000000001/20300615/us-east-1/swf/aws4_request, SignedHeaders=host, Signature=00"));
    assertThat(f.getMessage())
        .isEqualTo(
            "The request signature we calculated does not match the signature you provided. Check your "
                + "AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }

  @Test
  void sessionTokensMustMatchTheConfiguredOne() {
    Credential temp = KEYS.get(2);
    Signed good = sign(new Random(1), temp, NOW);
    assertThat(verifier.verify(good.request()).accessKeyId()).isEqualTo(temp.accessKeyId());

    Map<String, List<String>> h = good.headersCopy();
    h.remove("X-Amz-Security-Token");
    assertThat(refusedRaw(good.withHeaders(h)).name()).isEqualTo("UnrecognizedClientException");

    Credential forged =
        new Credential(temp.accessKeyId(), temp.secretAccessKey(), "another-token", null, null);
    assertThat(refusedRaw(sign(new Random(2), forged, NOW)).name())
        .isEqualTo("UnrecognizedClientException");

    // a token sent for a key that has none
    Credential plain = KEYS.get(0);
    Credential withToken =
        new Credential(plain.accessKeyId(), plain.secretAccessKey(), "tok", null, null);
    assertThat(refusedRaw(sign(new Random(3), withToken, NOW)).name())
        .isEqualTo("UnrecognizedClientException");
  }

  @Test
  void aDeclaredPayloadHashMustBeTheBodysHash() {
    Signed s = sign(new Random(4), KEYS.get(0), NOW);
    Map<String, List<String>> h = s.headersCopy();
    h.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
    SwfFault f = refusedRaw(s.withHeaders(h));
    assertThat(f.name()).isEqualTo("InvalidSignatureException");
  }

  @Test
  void theDateHeaderWorksWithoutXAmzDate() {
    // a request signed with the Date header only (older signers): the ISO form of that time is
    // signed
    String amzDate = "20300615T120100Z";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "localhost:7777");
    headers.put("date", "Sat, 15 Jun 2030 12:01:00 GMT");
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String sig =
        SigV4.signature(
            "s2",
            "POST",
            "/",
            "",
            headers,
            SigV4.hex(SigV4.sha256(body)),
            amzDate,
            "us-west-2",
            "swf");
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    h.put(
        "authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential=AKIDTWO0000000000002/20300615/us-west-2/swf/aws4_request, "
                + "SignedHeaders=date;host, Signature="
                + sig));
    Principal p =
        verifier.verify(
            new SigV4Verifier.Request("POST", "/", null, n -> h.getOrDefault(n, List.of()), body));
    assertThat(p.arn()).isEqualTo("arn:aws:iam::210987654321:user/AKIDTWO0000000000002");
  }

  @Test
  void theSkewWindowIsFiveMinutesEitherWay() {
    for (int s : new int[] {-300, -299, 0, 299, 300}) {
      assertThat(verifier.verify(sign(new Random(s), KEYS.get(0), NOW.plusSeconds(s)).request()))
          .isNotNull();
    }
    for (int s : new int[] {-301, 301, -86_400}) {
      assertThat(refusedRaw(sign(new Random(s), KEYS.get(0), NOW.plusSeconds(s))).name())
          .isEqualTo("InvalidSignatureException");
    }
  }

  private SwfFault refusedRaw(Map<String, String> headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    try {
      verifier.verify(
          new SigV4Verifier.Request(
              "POST", "/", null, n -> h.getOrDefault(n, List.of()), new byte[0]));
    } catch (SwfFault f) {
      return f;
    }
    throw new AssertionError("accepted");
  }

  private SwfFault refusedRaw(Signed s) {
    try {
      verifier.verify(s.request());
    } catch (SwfFault f) {
      return f;
    }
    throw new AssertionError("accepted");
  }

  // --- random parts ---

  static byte[] randomBody(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> new byte[0];
      case 1 -> "{}".getBytes(StandardCharsets.UTF_8);
      case 2 ->
          ("{\"domain\":\"d"
                  + r.nextInt()
                  + "\",\"taskList\":{\"name\":\"ü→✓ "
                  + r.nextInt()
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
      case 3 -> {
        byte[] b = new byte[r.nextInt(70_000)];
        r.nextBytes(b);
        yield b;
      }
      default -> {
        StringBuilder sb = new StringBuilder("{\"input\":\"");
        int n = r.nextInt(2000);
        for (int i = 0; i < n; i++) sb.appendCodePoint(0x20 + r.nextInt(0x2FFF));
        yield sb.append("\"}")
            .toString()
            .replace("\\", "")
            .replace("\"}\"", "")
            .getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  static String randomHeaderValue(Random r) {
    String[] parts = {"a", "b c", "  padded  ", "x  y   z", "1,2", "tab\tinside", "UPPER", "=;/"};
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) sb.append(parts[r.nextInt(parts.length)]);
    return sb.toString().trim().isEmpty() ? "v" : sb.toString();
  }

  static String randomQuery(Random r) {
    String[] names = {"a", "b", "Z", "x-y", "sp ace", "ü", "list"};
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (i > 0) sb.append('&');
      sb.append(enc(names[r.nextInt(names.length)]))
          .append('=')
          .append(enc("v" + r.nextInt(10) + (r.nextBoolean() ? " +/%" : "")));
    }
    return sb.toString();
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  static String decode(String s) {
    return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
