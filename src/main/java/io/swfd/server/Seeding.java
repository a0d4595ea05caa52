package io.swfd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.SwfApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link DomainSeed}s at start through the API itself, so that they are checked
 * exactly as a client's RegisterDomain / RegisterWorkflowType / RegisterActivityType would be. What
 * is there already is left as it is.
 */
public final class Seeding {
  private static final Logger log = LoggerFactory.getLogger(Seeding.class);

  /** A seed the API refused (e.g. a retention of 91 days); the server does not start. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private Seeding() {}

  /**
   * @return one line per domain: "orders (registered in us-east-1)", "billing (already there)",
   *     with the number of types registered
   */
  static List<String> register(SwfApi api, String account, List<DomainSeed> seeds) {
    List<String> done = new ArrayList<>();
    for (DomainSeed seed : seeds) {
      CallContext ctx =
          new CallContext(
              seed.region(), account, "seed", null, io.swfd.matching.ClientConnection.DETACHED);
      ObjectNode domain =
          Json.object()
              .put("name", seed.name())
              .put("workflowExecutionRetentionPeriodInDays", seed.retentionDays());
      if (seed.description() != null) domain.put("description", seed.description());
      boolean created = call(api, "RegisterDomain", domain, ctx, "DomainAlreadyExistsFault", seed);
      int types = 0;
      for (ObjectNode t : seed.workflowTypes()) {
        ObjectNode in = t.deepCopy().put("domain", seed.name());
        if (call(api, "RegisterWorkflowType", in, ctx, "TypeAlreadyExistsFault", seed)) types++;
      }
      for (ObjectNode t : seed.activityTypes()) {
        ObjectNode in = t.deepCopy().put("domain", seed.name());
        if (call(api, "RegisterActivityType", in, ctx, "TypeAlreadyExistsFault", seed)) types++;
      }
      String line =
          seed.name()
              + (created
                  ? " (registered in " + seed.region() + ", retention " + days(seed) + ")"
                  : " (already there in " + seed.region() + ")");
      if (types > 0) line += ", " + types + (types == 1 ? " type" : " types") + " registered";
      log.info("domain {}", line);
      done.add(line);
    }
    return List.copyOf(done);
  }

  private static String days(DomainSeed seed) {
    return seed.retentionDays().equals("NONE")
        ? "NONE"
        : seed.retentionDays() + (seed.retentionDays().equals("1") ? " day" : " days");
  }

  /** True when it registered; false when it was there already; throws on any other answer. */
  private static boolean call(
      SwfApi api,
      String operation,
      ObjectNode input,
      CallContext ctx,
      String existsFault,
      DomainSeed seed) {
    SwfApi.Response r =
        api.call(
                SwfApi.TARGET_PREFIX + operation,
                input.toString().getBytes(StandardCharsets.UTF_8),
                ctx)
            .join();
    if (r.status() == 200) return true;
    if (existsFault.equals(r.errorName())) return false;
    String message = "";
    try {
      JsonNode body = Json.MAPPER.readTree(r.body());
      message = body.path("message").asText("");
    } catch (Exception e) {
      // the fault's name says enough
    }
    String what =
        operation.equals("RegisterDomain")
            ? "domain " + seed.name()
            : operation.replace("Register", "").replace("Type", " type ")
                + input.path("name").asText()
                + " "
                + input.path("version").asText()
                + " in domain "
                + seed.name();
    throw new Refused(
        "cannot register "
            + what
            + ": "
            + r.errorName()
            + (message.isEmpty() ? "" : ": " + message));
  }
}
