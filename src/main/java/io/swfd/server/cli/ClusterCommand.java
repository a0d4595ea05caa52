package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/** {@code swfd cluster}: the nodes of a cluster on PostgreSQL and which node owns which shard. */
@Command(
    name = "cluster",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "List the nodes of a swfd cluster and the shards each owns.",
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Asks one node (its GET /health) for the cluster as it last read it from the database: one"
          + " line per live node (its id, internal address, the shards it owns) and the shards"
          + " nobody owns. A run belongs to the shard of hash(region, domain, workflowId), a task"
          + " list to the shard of hash(region, domain, kind, name).",
      "A node on SQLite is alone: it says so."
    },
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  swfd cluster",
      "  swfd cluster --endpoint http://10.0.0.5:7777 --json"
    })
final class ClusterCommand extends OpsCommand {
  ClusterCommand(Map<String, String> env) {
    super(env);
  }

  @Override
  void run(OpsClient swf, PrintWriter out) {
    JsonNode health = swf.get("/health");
    JsonNode c = health.path("cluster");
    if (ops.json) {
      printJson(out, c.isMissingNode() ? health : c);
      return;
    }
    if (c.isMissingNode()) {
      out.println(
          "swfd at "
              + swf.endpoint()
              + " is not part of a cluster (store: "
              + health.path("store").path("type").asText("?")
              + ")");
      return;
    }
    Map<String, List<String>> byOwner = new TreeMap<>();
    List<String> free = new ArrayList<>();
    for (JsonNode s : c.path("shards")) {
      String shard = s.path("shard").asText() + "@" + s.path("epoch").asText();
      if (s.hasNonNull("owner"))
        byOwner.computeIfAbsent(s.path("owner").asText(), k -> new ArrayList<>()).add(shard);
      else free.add(s.path("shard").asText());
    }
    out.println(
        c.path("shardCount").asInt()
            + " shards; seen from node "
            + c.path("node").asText()
            + " (shard@epoch)");
    TextTable t = new TextTable("NODE", "ADDRESS", "SHARDS", "OWNED");
    for (JsonNode n : c.path("nodes")) {
      List<String> shards = byOwner.getOrDefault(n.path("id").asText(), List.of());
      t.row(
          n.path("id").asText(),
          n.path("address").asText(),
          String.valueOf(shards.size()),
          String.join(" ", shards));
    }
    // owners that stopped renewing: their leases run out (and the shards move) soon
    for (Map.Entry<String, List<String>> e : byOwner.entrySet()) {
      boolean live = false;
      for (JsonNode n : c.path("nodes")) live |= n.path("id").asText().equals(e.getKey());
      if (!live)
        t.row(
            e.getKey(),
            "(silent)",
            String.valueOf(e.getValue().size()),
            String.join(" ", e.getValue()));
    }
    t.print(out);
    if (!free.isEmpty()) out.println("not owned: " + String.join(" ", free));
  }
}
