package io.swfd.lambda;

import io.swfd.auth.SigV4;
import io.swfd.engine.LambdaInvoker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the AWS Lambda Invoke API (RequestResponse) at the configured endpoint, signed with SigV4.
 * A 200 answer is the function's result, or its error when X-Amz-Function-Error is set; any other
 * answer, or no answer, means the function could not be started.
 */
public final class HttpLambdaInvoker implements LambdaInvoker {
  private final LambdaConfig config;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public HttpLambdaInvoker(LambdaConfig config) {
    this.config = config;
  }

  @Override
  public CompletableFuture<Outcome> invoke(String functionName, String input) {
    byte[] body = (input == null ? "" : input).getBytes(StandardCharsets.UTF_8);
    URI base =
        URI.create(config.endpoint().endsWith("/") ? config.endpoint() : config.endpoint() + "/");
    String path =
        "/2015-03-31/functions/"
            + URLEncoder.encode(functionName, StandardCharsets.UTF_8).replace("+", "%20")
            + "/invocations";
    URI uri = base.resolve(path.substring(1));
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(15))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    if (config.accessKeyId() != null) {
      Map<String, String> signed = new LinkedHashMap<>();
      String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String amzDate = SigV4.AMZ_DATE.format(Clock.systemUTC().instant());
      signed.put("host", host);
      signed.put("content-type", "application/json");
      signed.put("x-amz-date", amzDate);
      String auth =
          SigV4.authorization(
              config.accessKeyId(),
              config.secretAccessKey(),
              "POST",
              uri.getRawPath(),
              signed,
              body,
              SigV4.AMZ_DATE.parse(amzDate, java.time.Instant::from),
              config.region(),
              "lambda");
      req.header("X-Amz-Date", amzDate).header("Authorization", auth);
    }
    return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(HttpLambdaInvoker::outcome)
        .exceptionally(
            t ->
                new Outcome(
                    Outcome.Kind.REFUSED, null, "Lambda endpoint unreachable: " + t.getMessage()));
  }

  private static Outcome outcome(HttpResponse<String> r) {
    if (r.statusCode() == 200) {
      String fnError = r.headers().firstValue("X-Amz-Function-Error").orElse(null);
      return fnError == null
          ? new Outcome(Outcome.Kind.COMPLETED, r.body(), null)
          : new Outcome(Outcome.Kind.FAILED, r.body(), fnError);
    }
    return new Outcome(Outcome.Kind.REFUSED, r.body(), "Lambda answered HTTP " + r.statusCode());
  }
}
