package io.swfd.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4: the canonical request, the string to sign and the signature. swfd uses
 * it to sign its own calls (Lambda) and to check the signatures of its clients.
 */
public final class SigV4 {
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";
  public static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SigV4() {}

  /**
   * @param headers the signed headers, by lower-case name (values as sent)
   * @return the hex signature
   */
  public static String signature(
      String secretKey,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      String payloadHash,
      String amzDate,
      String region,
      String service) {
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String canonical = canonicalRequest(method, path, query, headers, payloadHash);
    String toSign =
        ALGORITHM
            + "\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  public static String canonicalRequest(
      String method, String path, String query, Map<String, String> headers, String payloadHash) {
    TreeMap<String, String> sorted = new TreeMap<>();
    headers.forEach(
        (k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v.trim().replaceAll(" +", " ")));
    StringBuilder sb = new StringBuilder();
    sb.append(method)
        .append('\n')
        .append(path.isEmpty() ? "/" : path)
        .append('\n')
        .append(query == null ? "" : query)
        .append('\n');
    sorted.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
    sb.append('\n').append(String.join(";", sorted.keySet())).append('\n').append(payloadHash);
    return sb.toString();
  }

  /** The Authorization header for a request signed now. */
  public static String authorization(
      String accessKeyId,
      String secretKey,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      Instant now,
      String region,
      String service) {
    String amzDate = AMZ_DATE.format(now);
    String sig =
        signature(
            secretKey, method, path, "", headers, hex(sha256(body)), amzDate, region, service);
    TreeMap<String, String> sorted = new TreeMap<>();
    headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v));
    return ALGORITHM
        + " Credential="
        + accessKeyId
        + "/"
        + amzDate.substring(0, 8)
        + "/"
        + region
        + "/"
        + service
        + "/aws4_request, SignedHeaders="
        + String.join(";", sorted.keySet())
        + ", Signature="
        + sig;
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
