package io.swfd.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log ({@code swfd serve --access-log}): one line per answered call on the logger
 * {@code swfd.access}, with the caller's access key, the region, the operation, the domain, the
 * status (and the fault's name) and the time taken. Installed only when asked for: without it the
 * API does not look at anything of this.
 *
 * <p>Text: {@code AKIAWORKER0000000001 us-east-1 PollForActivityTask orders 200 1203.4ms}; in the
 * JSON log format the same values are also fields ({@code accessKey}, {@code region}, {@code
 * operation}, {@code domain}, {@code status}, {@code fault}, {@code ms}).
 */
public final class AccessLog {
  public static final String LOGGER = "swfd.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  void answered(String operation, CallContext ctx, byte[] body, SwfApi.Response r, long nanos) {
    String key = ctx.accessKeyId() == null ? "-" : ctx.accessKeyId();
    String op = operation == null ? "-" : operation;
    String domain = domain(operation, body);
    double ms = Math.round(nanos / 100_000.0) / 10.0;
    String outcome = r.errorName() == null ? "" + r.status() : r.status() + " " + r.errorName();
    log.atInfo()
        .addKeyValue("accessKey", key)
        .addKeyValue("region", ctx.region())
        .addKeyValue("operation", op)
        .addKeyValue("domain", domain)
        .addKeyValue("status", r.status())
        .addKeyValue("fault", r.errorName())
        .addKeyValue("ms", ms)
        .log(
            "{} {} {} {} {} {}ms",
            key,
            ctx.region(),
            op,
            domain,
            outcome,
            String.format(Locale.ROOT, "%.1f", ms));
  }

  /**
   * The domain a call names: {@code domain}, the {@code name} of the domain operations, the domain
   * of a tagging call's {@code resourceArn}; "-" for calls that name none (ListDomains, the
   * task-token calls) or an unreadable body.
   */
  static String domain(String operation, byte[] body) {
    if (operation == null || body == null || body.length == 0) return "-";
    JsonNode in;
    try {
      in = Json.MAPPER.readTree(body);
    } catch (Exception e) {
      return "-";
    }
    if (in == null || !in.isObject()) return "-";
    String d =
        switch (operation) {
          case "RegisterDomain", "DescribeDomain", "DeprecateDomain", "UndeprecateDomain" ->
              in.path("name").asText(null);
          case "TagResource", "UntagResource", "ListTagsForResource" -> {
            String arn = in.path("resourceArn").asText("");
            int i = arn.indexOf(":/domain/");
            yield i < 0 ? null : arn.substring(i + ":/domain/".length());
          }
          default -> in.path("domain").asText(null);
        };
    return d == null || d.isEmpty() ? "-" : d;
  }
}
