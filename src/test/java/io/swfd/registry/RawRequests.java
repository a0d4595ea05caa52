package io.swfd.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-made SWF requests for a plain {@link java.net.http.HttpClient}, for what an SDK will not
 * send (malformed JSON, unknown targets, oversize bodies) or where an SDK is just overhead. They
 * are SigV4-signed like an SDK's, so they keep working once swfd verifies signatures.
 */
final class RawRequests {
  static final String JSON_1_0 = "application/x-amz-json-1.0";
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final AwsCredentialsIdentity CREDENTIALS =
      AwsCredentialsIdentity.create("AKIDSWFDTEST", "secret");

  /**
   * Headers java.net.http sets itself and refuses from callers (it sends the same Host that was
   * signed).
   */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  private RawRequests() {}

  /** A signed {@code POST /} to the endpoint; {@code target} null leaves out X-Amz-Target. */
  static HttpRequest.Builder signedPost(URI endpoint, String target, byte[] body, String region) {
    URI uri = endpoint.resolve("/");
    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", JSON_1_0);
    if (target != null) unsigned.putHeader("X-Amz-Target", target);
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(CREDENTIALS)
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "swf")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
      for (String v : h.getValue()) b.header(h.getKey(), v);
    }
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  static HttpRequest.Builder signedPost(URI endpoint, String target, String body) {
    return signedPost(endpoint, target, body.getBytes(StandardCharsets.UTF_8), "us-east-1");
  }

  /** An unsigned {@code POST /}: no Authorization header at all. */
  static HttpRequest.Builder unsignedPost(URI endpoint, String target, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", JSON_1_0);
    if (target != null) b.header("X-Amz-Target", target);
    return b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }
}
