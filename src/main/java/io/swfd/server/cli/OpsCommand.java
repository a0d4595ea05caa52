package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * An operator command: talks to a running server, prints a table (or JSON), exits 1 on an error
 * answer.
 */
abstract class OpsCommand implements Callable<Integer> {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @Mixin OpsOptions ops;

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  OpsCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  abstract void run(OpsClient swf, PrintWriter out);

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OpsClient client;
    try {
      client = OpsClient.from(ops, env);
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      run(client, out);
      out.flush();
      return 0;
    } catch (OpsClient.Failure f) {
      out.flush();
      err.println("swfd " + spec.name() + ": " + f.getMessage());
      err.flush();
      return 1;
    }
  }

  void printJson(PrintWriter out, JsonNode n) {
    try {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every page of a list operation, its {@code field} arrays joined; stops after {@code limit}
   * items (0: all).
   */
  static ArrayNode allPages(
      OpsClient swf, String operation, ObjectNode request, String field, int limit) {
    ArrayNode all = Json.array();
    ObjectNode in = request.deepCopy();
    while (true) {
      JsonNode page = swf.call(operation, in);
      for (JsonNode item : page.path(field)) {
        if (limit > 0 && all.size() >= limit) return all;
        all.add(item);
      }
      String next = page.path("nextPageToken").asText(null);
      if (next == null || next.isEmpty() || (limit > 0 && all.size() >= limit)) return all;
      in.put("nextPageToken", next);
    }
  }

  /** An SWF timestamp (seconds since the epoch, with a fraction) as UTC text. */
  static String time(JsonNode seconds) {
    if (seconds == null || seconds.isMissingNode() || seconds.isNull()) return "";
    return TIME.format(instant(seconds));
  }

  static Instant instant(JsonNode seconds) {
    BigDecimal s = seconds.decimalValue();
    return Instant.ofEpochMilli(s.movePointRight(3).longValue());
  }

  static ObjectNode object(UnaryOperator<ObjectNode> fill) {
    return fill.apply(Json.object());
  }
}
