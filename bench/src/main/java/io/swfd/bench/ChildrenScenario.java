package io.swfd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One parent starts many children in one decision (N StartChildWorkflowExecution decisions in one
 * RespondDecisionTaskCompleted), for N = 100 and N = 1,000: the time until every child is open, the
 * time per child at each size, and the bytes the server wrote to storage per child start (where
 * {@code /proc/<pid>/io} can be read). A run's cost should not grow with how many children it
 * already has: the time and the bytes per child at 1,000 are compared with those at 100.
 */
final class ChildrenScenario implements Scenario {
  private static final String PARENT_DECISIONS = "children-parent";
  private static final String CHILD_DECISIONS = "children-kids";

  @Override
  public String name() {
    return "children";
  }

  private static List<Integer> sizes(Settings s) {
    return s.quick ? List.of(10, 50) : List.of(100, 1000);
  }

  @Override
  public String describe(BenchContext ctx) {
    return "one parent starts N children in one decision, N = "
        + sizes(ctx.settings).stream().map(String::valueOf).reduce((a, b) -> a + " and " + b).get()
        + ": seconds until every child is open (from the RespondDecisionTaskCompleted), per child,"
        + " and bytes written per child start";
  }

  @Override
  public ScenarioResult run(BenchContext ctx) throws Exception {
    ScenarioResult r = new ScenarioResult(name(), ctx.target);
    List<Integer> sizes = sizes(ctx.settings);
    long total = 0;
    double seconds = 0;
    Double firstPerChild = null;
    Double firstBytes = null;
    for (int n : sizes) {
      Fixtures fx = Fixtures.register(ctx.client, ctx.name("children-" + n), true);
      String parent = "parent-" + n;
      fx.start(parent, PARENT_DECISIONS);
      JsonNode task = null;
      while (task == null || task.path("taskToken").asText("").isEmpty())
        task = ctx.client.call("PollForDecisionTask", fx.pollDecision(PARENT_DECISIONS, "parent"));
      ObjectNode in = SwfHttpClient.obj().put("taskToken", task.get("taskToken").asText());
      ArrayNode ds = in.putArray("decisions");
      for (int k = 0; k < n; k++) ds.add(startChild("child-" + k));
      Long bytes0 = ctx.probe.writtenBytes();
      long t0 = System.nanoTime();
      try {
        ctx.client.call("RespondDecisionTaskCompleted", in);
      } catch (SwfHttpClient.SwfCallException e) {
        throw new IllegalStateException(
            "StartChildWorkflowExecution refused (" + e.status + " " + e.type + ")", e);
      }
      double decided = (System.nanoTime() - t0) / 1e9;
      long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(60, n / 5));
      int open = 0;
      while (open < n + 1 && System.nanoTime() < deadline) {
        open = countOpen(ctx.client, fx.domain);
        if (open < n + 1) Thread.sleep(10);
      }
      double took = (System.nanoTime() - t0) / 1e9;
      Long bytes1 = ctx.probe.writtenBytes();
      if (open < n + 1)
        throw new IllegalStateException(
            "only " + (open - 1) + " of " + n + " children were open after " + took + " s");
      double perChildMs = took * 1000 / n;
      ctx.log(
          "%d children open %.2f s after the decision (its answer took %.2f s): %.2f ms per child",
          n, took, decided, perChildMs);
      r.extra.put("children" + n + "Seconds", round3(took));
      r.extra.put("children" + n + "DecisionSeconds", round3(decided));
      r.extra.put("children" + n + "MsPerChild", round3(perChildMs));
      if (firstPerChild == null) firstPerChild = perChildMs;
      else
        r.extra.put(
            "msPerChildRatio" + n + "To" + sizes.get(0), round2(perChildMs / firstPerChild));
      if (bytes0 != null && bytes1 != null) {
        double perChild = (bytes1 - bytes0) / (double) n;
        r.extra.put("children" + n + "BytesWrittenPerChild", Math.round(perChild));
        if (firstBytes == null) firstBytes = perChild;
        else if (firstBytes > 0)
          r.extra.put(
              "bytesPerChildRatio" + n + "To" + sizes.get(0), round2(perChild / firstBytes));
      }
      total += n;
      seconds += took;
      if (ctx.server == null) {
        try {
          fx.terminate(parent); // its child policy (TERMINATE) closes the children too
        } catch (RuntimeException ignored) {
          // already closed
        }
      }
    }
    ctx.peaks(r);
    r.operation = "child run started";
    r.operations = total;
    r.seconds = seconds;
    return r;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static ObjectNode startChild(String workflowId) {
    ObjectNode d = SwfHttpClient.obj().put("decisionType", "StartChildWorkflowExecution");
    ObjectNode a = d.putObject("startChildWorkflowExecutionDecisionAttributes");
    a.put("workflowId", workflowId);
    a.putObject("workflowType")
        .put("name", Fixtures.WORKFLOW_TYPE)
        .put("version", Fixtures.VERSION);
    a.putObject("taskList").put("name", CHILD_DECISIONS);
    a.put("input", "bench");
    a.put("executionStartToCloseTimeout", "3600");
    a.put("taskStartToCloseTimeout", "60");
    a.put("childPolicy", "TERMINATE");
    return d;
  }

  private static int countOpen(SwfHttpClient c, String domain) {
    ObjectNode in = SwfHttpClient.obj().put("domain", domain);
    in.putObject("startTimeFilter").put("oldestDate", 0);
    return c.call("CountOpenWorkflowExecutions", in).path("count").asInt();
  }
}
