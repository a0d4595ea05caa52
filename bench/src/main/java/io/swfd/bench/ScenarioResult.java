package io.swfd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one scenario measured against one target. */
final class ScenarioResult {
  final String scenario;
  final String target;

  /** What an operation is here (e.g. "RecordActivityTaskHeartbeat", "completed workflow"). */
  String operation;

  /** The scenario's settings in words. */
  String description;

  /** Set when the scenario could not run to the end. */
  String failure;

  long operations;
  long errors;
  double seconds;
  Latencies.Summary latency;

  /** What the latency measures. */
  String latencyOf;

  /** Operations per second in consecutive windows, when the scenario keeps them. */
  List<Double> windows;

  double windowSeconds;
  Long peakThreads;
  Long peakHeapBytes;
  Long peakRssBytes;
  final Map<String, Object> extra = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  final Map<String, Long> errorTypes = new LinkedHashMap<>();
  final Map<String, String> errorSamples = new LinkedHashMap<>();

  ScenarioResult(String scenario, String target) {
    this.scenario = scenario;
    this.target = target;
  }

  double throughput() {
    return seconds <= 0 ? 0 : operations / seconds;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("target", target);
    m.put("description", description);
    if (failure != null) m.put("failure", failure);
    m.put("operation", operation);
    m.put("operations", operations);
    m.put("errors", errors);
    if (!errorTypes.isEmpty()) m.put("errorTypes", errorTypes);
    if (!errorSamples.isEmpty()) m.put("errorSamples", errorSamples);
    m.put("seconds", round(seconds));
    m.put("throughputPerSecond", round(throughput()));
    if (latency != null) {
      Map<String, Object> l = latency.toMap();
      l.put("of", latencyOf);
      m.put("latency", l);
    }
    if (windows != null) {
      m.put("windowSeconds", windowSeconds);
      m.put("windowThroughputPerSecond", windows.stream().map(ScenarioResult::round).toList());
    }
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("peakThreads", peakThreads);
    server.put("peakHeapMb", mb(peakHeapBytes));
    server.put("peakRssMb", mb(peakRssBytes));
    m.put("server", server);
    if (!extra.isEmpty()) {
      Map<String, Object> x = new LinkedHashMap<>();
      extra.forEach((k, v) -> x.put(k, v instanceof Latencies.Summary l ? l.toMap() : v));
      m.put("extra", x);
    }
    if (!notes.isEmpty()) m.put("notes", notes);
    return m;
  }

  static Double mb(Long bytes) {
    return bytes == null ? null : round(bytes / (1024.0 * 1024.0));
  }

  static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  synchronized void error(String type) {
    error(type, null);
  }

  /** Counts an error by type, keeping the first message of each type. */
  synchronized void error(String type, String message) {
    errors++;
    errorTypes.merge(type, 1L, Long::sum);
    if (message != null)
      errorSamples.putIfAbsent(
          type, message.length() > 300 ? message.substring(0, 300) + "…" : message);
  }
}
