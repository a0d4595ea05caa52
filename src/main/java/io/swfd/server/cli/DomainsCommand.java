package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.swfd.api.Json;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swfd domains}: the domains of a running server. */
@Command(
    name = "domains",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "List the domains of a running swfd.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description =
        "Prints one line per domain: name, status, retention of closed executions (days) and description.",
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  swfd domains",
      "  swfd domains --deprecated --endpoint http://10.0.0.5:7777 --region eu-west-1"
    })
final class DomainsCommand extends OpsCommand {
  @Option(
      names = "--deprecated",
      description = "List deprecated domains instead of registered ones.")
  boolean deprecated;

  @Option(names = "--all", description = "List registered and deprecated domains.")
  boolean all;

  DomainsCommand(Map<String, String> env) {
    super(env);
  }

  @Override
  void run(OpsClient swf, PrintWriter out) {
    ArrayNode domains = Json.array();
    for (String status :
        all
            ? new String[] {"REGISTERED", "DEPRECATED"}
            : new String[] {deprecated ? "DEPRECATED" : "REGISTERED"}) {
      domains.addAll(
          allPages(
              swf,
              "ListDomains",
              object(o -> o.put("registrationStatus", status).put("maximumPageSize", 1000)),
              "domainInfos",
              0));
    }
    if (ops.json) {
      printJson(out, Json.object().set("domainInfos", domains));
      return;
    }
    TextTable t = new TextTable("NAME", "STATUS", "RETENTION", "DESCRIPTION");
    for (JsonNode d : domains) {
      String name = d.path("name").asText();
      String retention =
          swf.call("DescribeDomain", object(o -> o.put("name", name)))
              .path("configuration")
              .path("workflowExecutionRetentionPeriodInDays")
              .asText("");
      t.row(
          name,
          d.path("status").asText(),
          retention.equals("NONE") ? "NONE" : retention + " days",
          d.path("description").asText(""));
    }
    if (t.size() == 0) {
      out.println(
          "No "
              + (all ? "" : deprecated ? "deprecated " : "registered ")
              + "domains in "
              + swf.region()
              + " at "
              + swf.endpoint()
              + ".");
      return;
    }
    t.print(out);
  }
}
