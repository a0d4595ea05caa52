package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code swfd executions}: open or closed executions of a domain, with SWF's visibility filters.
 */
@Command(
    name = "executions",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "List the open (or closed) workflow executions of a domain on a running swfd.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Prints one line per execution, newest first: workflow id, run id, type, status, start and close time.",
      "At most one of --workflow-id, --type, --tag and --close-status can be given (as in SWF's List*WorkflowExecutions)."
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  swfd executions --domain orders",
      "  swfd executions --domain orders --closed --since 24h",
      "  swfd executions --domain orders --closed --close-status FAILED",
      "  swfd executions --domain orders --type ProcessOrder --type-version 2"
    })
final class ExecutionsCommand extends OpsCommand {
  @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The domain.")
  String domain;

  @Option(names = "--closed", description = "Closed executions instead of open ones.")
  boolean closed;

  @Option(
      names = "--workflow-id",
      paramLabel = "ID",
      description = "Only executions with this workflow id.")
  String workflowId;

  @Option(
      names = "--type",
      paramLabel = "NAME",
      description = "Only executions of this workflow type.")
  String typeName;

  @Option(
      names = "--type-version",
      paramLabel = "VERSION",
      description = "With --type: only this version.")
  String typeVersion;

  @Option(names = "--tag", paramLabel = "TAG", description = "Only executions with this tag.")
  String tag;

  @Option(
      names = "--close-status",
      paramLabel = "STATUS",
      description =
          "Closed executions that closed this way: COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW or TIMED_OUT (implies --closed).")
  String closeStatus;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = {
        "Only executions started since WHEN: a time (2026-01-31T12:00:00Z) or an age (90s, 30m, 12h, 7d).",
        "Default: all."
      })
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N executions (default: 100; 0: all).")
  int limit = 100;

  ExecutionsCommand(Map<String, String> env) {
    super(env);
  }

  @Override
  void run(OpsClient swf, PrintWriter out) {
    boolean listClosed = closed || closeStatus != null;
    ObjectNode in = Json.object().put("domain", domain);
    Instant oldest = since == null ? Instant.EPOCH : since(since);
    in.putObject("startTimeFilter").put("oldestDate", BigDecimal.valueOf(oldest.toEpochMilli(), 3));
    if (workflowId != null) in.putObject("executionFilter").put("workflowId", workflowId);
    if (typeName != null) {
      ObjectNode f = in.putObject("typeFilter").put("name", typeName);
      if (typeVersion != null) f.put("version", typeVersion);
    } else if (typeVersion != null) {
      throw new ParameterException(spec.commandLine(), "--type-version needs --type");
    }
    if (tag != null) in.putObject("tagFilter").put("tag", tag);
    if (closeStatus != null)
      in.putObject("closeStatusFilter").put("status", closeStatus.toUpperCase(Locale.ROOT));
    in.put("maximumPageSize", limit > 0 ? Math.min(limit, 1000) : 1000);
    ArrayNode infos =
        allPages(
            swf,
            listClosed ? "ListClosedWorkflowExecutions" : "ListOpenWorkflowExecutions",
            in,
            "executionInfos",
            limit);
    if (ops.json) {
      printJson(out, Json.object().set("executionInfos", infos));
      return;
    }
    if (infos.isEmpty()) {
      out.println(
          "No " + (listClosed ? "closed" : "open") + " executions in " + domain + " match.");
      return;
    }
    TextTable t =
        listClosed
            ? new TextTable(
                "WORKFLOW ID", "RUN ID", "TYPE", "STATUS", "STARTED (UTC)", "CLOSED (UTC)", "TAGS")
            : new TextTable("WORKFLOW ID", "RUN ID", "TYPE", "STATUS", "STARTED (UTC)", "TAGS");
    for (JsonNode e : infos) {
      String type =
          e.path("workflowType").path("name").asText()
              + " "
              + e.path("workflowType").path("version").asText();
      String status = e.path("executionStatus").asText();
      if (status.equals("CLOSED")) status = e.path("closeStatus").asText(status);
      else if (e.path("cancelRequested").asBoolean()) status = "OPEN (cancel requested)";
      java.util.List<String> tagList = new java.util.ArrayList<>();
      e.path("tagList").forEach(x -> tagList.add(x.asText()));
      String tags = String.join(",", tagList);
      if (listClosed) {
        t.row(
            e.path("execution").path("workflowId").asText(),
            e.path("execution").path("runId").asText(),
            type,
            status,
            time(e.get("startTimestamp")),
            time(e.get("closeTimestamp")),
            tags);
      } else {
        t.row(
            e.path("execution").path("workflowId").asText(),
            e.path("execution").path("runId").asText(),
            type,
            status,
            time(e.get("startTimestamp")),
            tags);
      }
    }
    t.print(out);
    if (limit > 0 && infos.size() == limit)
      out.println("(first " + limit + "; --limit 0 shows all)");
  }

  private Instant since(String s) {
    String v = s.trim();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException notATime) {
      // an age
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(v.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--since: '" + s + "' is neither a time like 2026-01-31T12:00:00Z nor an age like 12h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    return Instant.now().minus(d);
  }
}
