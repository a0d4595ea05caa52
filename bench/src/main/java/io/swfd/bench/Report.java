package io.swfd.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code swfd bench}'s output: the tables, the ratios and the JSON. */
final class Report {
  private Report() {}

  /** The machine the benchmark runs on, for the report. */
  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    long limit = ServerProbe.openFilesLimit();
    m.put("openFilesLimit", limit == Long.MAX_VALUE ? "unlimited" : limit < 0 ? "unknown" : limit);
    m.put("loadAverageAtStart", loadAverage());
    m.put("startedAt", Instant.now().toString());
    return m;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** One scenario's table: a column per target (and their ratio when there are two). */
  static void printScenario(PrintStream o, String name, List<ScenarioResult> row) {
    o.println("== " + name + " ==");
    for (ScenarioResult r : row) {
      o.println("  " + r.target + ": " + (r.description == null ? "" : r.description));
    }
    List<String> heads = row.stream().map(r -> r.target).toList();
    boolean ratio = row.size() == 2;
    List<String[]> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("");
    header.addAll(heads);
    if (ratio) header.add(heads.get(0) + "/" + heads.get(1));
    lines.add(header.toArray(String[]::new));
    addRow(
        lines,
        ratio,
        "operations (" + (row.get(0).operation == null ? "-" : row.get(0).operation) + ")",
        row,
        r -> r.failure != null ? null : (Object) r.operations);
    addRow(
        lines,
        ratio,
        "throughput/s",
        row,
        r -> r.failure != null ? null : (Object) ScenarioResult.round(r.throughput()));
    addRow(
        lines,
        ratio,
        "latency p50 ms",
        row,
        r -> r.latency == null ? null : (Object) r.latency.p50Ms());
    addRow(
        lines,
        ratio,
        "latency p99 ms",
        row,
        r -> r.latency == null ? null : (Object) r.latency.p99Ms());
    addRow(
        lines,
        ratio,
        "latency max ms",
        row,
        r -> r.latency == null ? null : (Object) r.latency.maxMs());
    addRow(lines, ratio, "errors", row, r -> r.failure != null ? null : (Object) r.errors);
    addRow(lines, ratio, "server peak threads", row, r -> r.peakThreads);
    addRow(lines, ratio, "server peak heap MB", row, r -> ScenarioResult.mb(r.peakHeapBytes));
    addRow(lines, ratio, "server peak RSS MB", row, r -> ScenarioResult.mb(r.peakRssBytes));
    List<String> keys = new ArrayList<>();
    List<String> trailing = new ArrayList<>();
    for (ScenarioResult r : row)
      for (String k : r.extra.keySet()) if (!keys.contains(k)) keys.add(k);
    for (String k : keys) {
      boolean summary = row.stream().anyMatch(r -> r.extra.get(k) instanceof Latencies.Summary);
      if (summary) {
        addRow(
            lines,
            ratio,
            k + " p50 ms",
            row,
            r -> r.extra.get(k) instanceof Latencies.Summary l ? l.p50Ms() : null);
        addRow(
            lines,
            ratio,
            k + " p99 ms",
            row,
            r -> r.extra.get(k) instanceof Latencies.Summary l ? l.p99Ms() : null);
        addRow(
            lines,
            ratio,
            k + " max ms",
            row,
            r -> r.extra.get(k) instanceof Latencies.Summary l ? l.maxMs() : null);
      } else if (row.stream()
          .allMatch(r -> r.extra.get(k) == null || r.extra.get(k) instanceof Number)) {
        addRow(lines, ratio, k, row, r -> r.extra.get(k));
      } else {
        for (ScenarioResult r : row)
          if (r.extra.get(k) != null)
            trailing.add("  " + r.target + " " + k + ": " + r.extra.get(k));
      }
    }
    int cols = lines.get(0).length;
    int[] width = new int[cols];
    for (String[] l : lines)
      for (int i = 0; i < cols; i++) width[i] = Math.max(Math.max(1, width[i]), l[i].length());
    for (String[] l : lines) {
      StringBuilder b = new StringBuilder("  ");
      for (int i = 0; i < cols; i++) {
        if (i == 0) b.append(String.format("%-" + width[i] + "s", l[i]));
        else b.append("  ").append(String.format("%" + width[i] + "s", l[i]));
      }
      o.println(b);
    }
    trailing.forEach(o::println);
    for (ScenarioResult r : row) {
      if (r.windows != null) {
        StringBuilder b =
            new StringBuilder("  " + r.target + " per " + fmt(r.windowSeconds) + " s window (/s):");
        for (double w : r.windows) b.append(' ').append(fmt(ScenarioResult.round(w)));
        o.println(b);
      }
    }
    for (ScenarioResult r : row) {
      if (r.latencyOf != null && r == row.get(0)) o.println("  latency = " + r.latencyOf);
      if (r.failure != null) o.println("  " + r.target + " FAILED: " + r.failure);
      if (!r.errorTypes.isEmpty()) o.println("  " + r.target + " errors: " + r.errorTypes);
      r.errorSamples.forEach((k, v) -> o.println("  " + r.target + " first " + k + ": " + v));
      for (String n : r.notes) o.println("  " + r.target + ": " + n);
    }
    o.println();
    o.flush();
  }

  private static void addRow(
      List<String[]> lines,
      boolean ratio,
      String label,
      List<ScenarioResult> row,
      Function<ScenarioResult, Object> value) {
    List<String> cells = new ArrayList<>();
    cells.add(label);
    List<Object> vals = new ArrayList<>();
    for (ScenarioResult r : row) {
      Object v = value.apply(r);
      vals.add(v);
      cells.add(
          v == null ? "n/a" : v instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(v));
    }
    if (vals.stream().allMatch(v -> v == null)) return;
    if (ratio) cells.add(ratio(vals.get(0), vals.get(1)));
    lines.add(cells.toArray(String[]::new));
  }

  private static String ratio(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && y.doubleValue() != 0) {
      double q = x.doubleValue() / y.doubleValue();
      return Math.abs(q) >= 100
          ? String.format(Locale.ROOT, "%.0f", q)
          : String.format(Locale.ROOT, "%.3g", q);
    }
    return "";
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
  }

  /** First target / second target, per scenario and metric, for the JSON (empty unless two). */
  static List<Map<String, Object>> ratios(List<ScenarioResult> all, List<Target> targets) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (targets.size() != 2) return out;
    String a = targets.get(0).name();
    String b = targets.get(1).name();
    for (String s : Scenarios.NAMES) {
      ScenarioResult x =
          all.stream()
              .filter(r -> r.scenario.equals(s) && r.target.equals(a))
              .findFirst()
              .orElse(null);
      ScenarioResult y =
          all.stream()
              .filter(r -> r.scenario.equals(s) && r.target.equals(b))
              .findFirst()
              .orElse(null);
      if (x == null || y == null || x.failure != null || y.failure != null) continue;
      ratio(out, a, b, s, "throughputPerSecond", x.throughput(), y.throughput());
      if (x.latency != null && y.latency != null) {
        ratio(out, a, b, s, "latencyP50Ms", x.latency.p50Ms(), y.latency.p50Ms());
        ratio(out, a, b, s, "latencyP99Ms", x.latency.p99Ms(), y.latency.p99Ms());
        ratio(out, a, b, s, "latencyMaxMs", x.latency.maxMs(), y.latency.maxMs());
      }
      if (x.peakThreads != null && y.peakThreads != null)
        ratio(out, a, b, s, "peakThreads", x.peakThreads, y.peakThreads);
      if (x.peakRssBytes != null && y.peakRssBytes != null) {
        ratio(
            out,
            a,
            b,
            s,
            "peakRssMb",
            ScenarioResult.mb(x.peakRssBytes),
            ScenarioResult.mb(y.peakRssBytes));
      }
    }
    return out;
  }

  private static void ratio(
      List<Map<String, Object>> out,
      String nameA,
      String nameB,
      String scenario,
      String metric,
      double a,
      double b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("metric", metric);
    m.put(nameA, a);
    m.put(nameB, b);
    m.put("ratio", b == 0 ? null : Math.round(a / b * 1000) / 1000.0);
    out.add(m);
  }

  /** The whole run as JSON, to {@code json} ("-": {@code out}). */
  static void writeJson(
      String json,
      PrintStream out,
      PrintStream err,
      Map<String, Object> machine,
      Settings s,
      List<Target> targets,
      List<ScenarioResult> all,
      List<Map<String, Object>> ratios)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("tool", "swfd bench");
    root.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("quick", s.quick);
    settings.put("clients", s.clients);
    settings.put("durationSeconds", s.durationSeconds);
    settings.put("tasks", s.tasks);
    settings.put("inFlight", s.inFlight);
    settings.put("rate", s.rate);
    settings.put("timeoutRate", s.timeoutRate);
    settings.put("polls", s.polls);
    settings.put("pollLists", s.pollLists);
    settings.put("windowSeconds", s.windowSeconds);
    root.put("settings", settings);
    Map<String, Object> t = new LinkedHashMap<>();
    for (Target x : targets) t.put(x.name(), x.describe());
    root.put("targets", t);
    root.put("results", all.stream().map(ScenarioResult::toMap).toList());
    if (!ratios.isEmpty()) root.put("ratios", ratios);
    byte[] bytes =
        SwfHttpClient.JSON
            .copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(root);
    if ("-".equals(json)) {
      out.write(bytes);
      out.println();
      out.flush();
    } else {
      Path p = Path.of(json);
      if (p.toAbsolutePath().getParent() != null)
        Files.createDirectories(p.toAbsolutePath().getParent());
      Files.write(p, bytes);
      err.println("JSON written to " + p);
    }
  }
}
