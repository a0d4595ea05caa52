package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swfd history}: one execution's history as a table, like {@code temporal workflow show}.
 */
@Command(
    name = "history",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Print the history of a workflow execution on a running swfd.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Prints every event (id, time, time since the start, type and its attributes), then how the execution "
          + "ended, or what it is waiting for.",
      "Without --run-id: the open run of the workflow id, else its most recent closed run."
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  swfd history --domain orders --workflow-id order-42",
      "  swfd history --domain orders --workflow-id order-42 --run-id 22Xr... --wide"
    })
final class HistoryCommand extends OpsCommand {
  private static final int CELL = 110;

  @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The domain.")
  String domain;

  @Option(
      names = "--workflow-id",
      required = true,
      paramLabel = "ID",
      description = "The workflow id.")
  String workflowId;

  @Option(
      names = "--run-id",
      paramLabel = "RUN",
      description = "The run (default: the open run, else the latest closed one).")
  String runId;

  @Option(names = "--wide", description = "Do not shorten long attribute values.")
  boolean wide;

  HistoryCommand(Map<String, String> env) {
    super(env);
  }

  @Override
  void run(OpsClient swf, PrintWriter out) {
    String run = runId != null ? runId : latestRun(swf);
    ObjectNode execution = Json.object().put("workflowId", workflowId).put("runId", run);
    JsonNode described =
        swf.call(
            "DescribeWorkflowExecution",
            object(
                o -> {
                  o.put("domain", domain).set("execution", execution.deepCopy());
                  return o;
                }));
    ObjectNode request = Json.object().put("domain", domain).put("maximumPageSize", 1000);
    request.set("execution", execution);
    ArrayNode events = allPages(swf, "GetWorkflowExecutionHistory", request, "events", 0);
    if (ops.json) {
      printJson(out, Json.object().set("events", events));
      return;
    }
    JsonNode info = described.path("executionInfo");
    out.println("Execution:");
    out.println("  Workflow ID  " + workflowId);
    out.println("  Run ID       " + run);
    out.println(
        "  Type         "
            + info.path("workflowType").path("name").asText()
            + " "
            + info.path("workflowType").path("version").asText());
    out.println(
        "  Task list    "
            + described.path("executionConfiguration").path("taskList").path("name").asText());
    out.println();
    out.println("Progress:");
    Instant start = events.isEmpty() ? null : instant(events.get(0).path("eventTimestamp"));
    TextTable t = new TextTable("  ID", "TIME (UTC)", "ELAPSED", "TYPE", "DETAILS");
    for (JsonNode e : events) {
      Instant at = instant(e.path("eventTimestamp"));
      t.row(
          String.format("%4d", e.path("eventId").asLong()),
          time(e.path("eventTimestamp")),
          elapsed(Duration.between(start, at)),
          e.path("eventType").asText(),
          details(e));
    }
    t.print(out);
    out.println();
    out.println("Result:");
    String status = info.path("executionStatus").asText();
    if (status.equals("CLOSED")) {
      JsonNode last = events.isEmpty() ? Json.object() : events.get(events.size() - 1);
      out.println("  Status       " + info.path("closeStatus").asText());
      out.println(
          "  Closed       "
              + time(info.get("closeTimestamp"))
              + " (after "
              + elapsed(
                  Duration.between(
                      instant(info.path("startTimestamp")), instant(info.path("closeTimestamp"))))
              + ")");
      JsonNode attrs = attributes(last);
      for (String f :
          new String[] {
            "result", "reason", "details", "cause", "timeoutType", "newExecutionRunId"
          }) {
        if (attrs.hasNonNull(f))
          out.printf(
              "  %-12s %s%n", capitalize(f), shorten(TextTable.oneLine(attrs.get(f).asText())));
      }
    } else {
      JsonNode open = described.path("openCounts");
      out.println(
          "  Status       OPEN"
              + (info.path("cancelRequested").asBoolean() ? " (cancel requested)" : ""));
      out.println(
          "  Pending      "
              + open.path("openDecisionTasks").asInt()
              + " decision task(s), "
              + open.path("openActivityTasks").asInt()
              + " activity task(s), "
              + open.path("openTimers").asInt()
              + " timer(s), "
              + open.path("openChildWorkflowExecutions").asInt()
              + " child execution(s)");
    }
    out.flush();
  }

  /** The open run of the workflow id, else its most recently closed one. */
  private String latestRun(OpsClient swf) {
    for (String op : new String[] {"ListOpenWorkflowExecutions", "ListClosedWorkflowExecutions"}) {
      ObjectNode in = Json.object().put("domain", domain).put("maximumPageSize", 1);
      in.putObject("startTimeFilter").put("oldestDate", BigDecimal.ZERO);
      in.putObject("executionFilter").put("workflowId", workflowId);
      JsonNode infos = swf.call(op, in).path("executionInfos");
      if (infos.size() > 0) return infos.get(0).path("execution").path("runId").asText();
    }
    throw new OpsClient.Failure(
        "UnknownResourceFault: no execution with workflow id " + workflowId + " in " + domain);
  }

  private static JsonNode attributes(JsonNode event) {
    for (Iterator<Map.Entry<String, JsonNode>> it = event.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().endsWith("EventAttributes")) return f.getValue();
    }
    return Json.object();
  }

  /**
   * The event's attributes as {@code key=value} pairs; names, versions and task lists shown
   * compactly.
   */
  private String details(JsonNode event) {
    StringBuilder sb = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = attributes(event).properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (sb.length() > 0) sb.append(' ');
      sb.append(f.getKey()).append('=').append(value(f.getValue()));
    }
    return wide ? sb.toString() : shorten(sb.toString());
  }

  private static String value(JsonNode v) {
    if (v.isObject()) {
      if (v.has("name") && v.has("version") && v.size() == 2)
        return v.get("name").asText() + "/" + v.get("version").asText();
      if (v.has("name") && v.size() == 1) return v.get("name").asText();
      if (v.has("workflowId") && v.has("runId") && v.size() == 2)
        return v.get("workflowId").asText() + "/" + v.get("runId").asText();
      return v.toString();
    }
    if (v.isArray()) return v.toString();
    String s = TextTable.oneLine(v.asText());
    if (s.isEmpty() || s.contains(" ")) return '"' + s.replace("\"", "\\\"") + '"';
    return s;
  }

  private String shorten(String s) {
    return wide || s.length() <= CELL ? s : s.substring(0, CELL - 3) + "...";
  }

  static String elapsed(Duration d) {
    if (d.isNegative()) return "-" + elapsed(d.negated());
    long ms = d.toMillis();
    long days = ms / 86_400_000,
        h = ms / 3_600_000 % 24,
        m = ms / 60_000 % 60,
        s = ms / 1000 % 60,
        rest = ms % 1000;
    StringBuilder sb = new StringBuilder();
    if (days > 0) sb.append(days).append("d ");
    if (days > 0 || h > 0) sb.append(h).append("h ");
    if (days > 0 || h > 0 || m > 0) sb.append(m).append("m ");
    sb.append(s).append('.').append(String.format("%03d", rest)).append('s');
    return sb.toString();
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
