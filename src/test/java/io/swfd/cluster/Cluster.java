package io.swfd.cluster;

import io.swfd.support.SwfdProcess;
import io.swfd.support.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Several swfd nodes as separate processes ({@code java -cp <test class path> io.swfd.server.Main
 * serve --store postgresql://...}) on one database of the test JVM's embedded PostgreSQL, as a
 * cluster behind a load balancer would run them. The class path's directories are copied aside
 * first, so a build elsewhere recompiling target/ cannot pull classes from under a (re)starting
 * node.
 */
final class Cluster implements AutoCloseable {
  final String store;
  final Path work;
  final List<Node> nodes = new ArrayList<>();
  private final String classPath;
  private final List<String> jvmOptions;

  Cluster(int size, String name) throws Exception {
    this(size, name, TestPostgres.newDatabase(name));
  }

  /** {@code size} nodes on {@code store} (a PostgreSQL URL). */
  Cluster(int size, String name, String store) throws Exception {
    this(size, name, store, List.of());
  }

  /** {@code size} nodes on {@code store}, each JVM with {@code jvmOptions} too. */
  Cluster(int size, String name, String store, List<String> jvmOptions) throws Exception {
    this.store = store;
    this.jvmOptions = jvmOptions;
    work = Files.createTempDirectory("swfd-" + name);
    classPath = io.swfd.support.TestClassPath.snapshot(work.resolve("classes"));
    for (int i = 0; i < size; i++)
      nodes.add(new Node(i, freePort(), work.resolve("node-" + i + ".log")));
    // started one at a time: the first migrates the schema (the others would wait on Flyway's lock
    // anyway)
    for (Node n : nodes) n.launch();
  }

  Node node(int i) {
    return nodes.get(i);
  }

  /** Every node's endpoint, in order. */
  List<URI> endpoints() {
    return nodes.stream().map(Node::endpoint).toList();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One node: a process of its own on its own port. */
  final class Node {
    final int index;
    final int port;
    final Path log;
    volatile Process process;

    Node(int index, int port, Path log) {
      this.index = index;
      this.port = port;
      this.log = log;
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process; returns once GET /health answers 200. */
    void launch() throws Exception {
      // C1 only, serial GC, a small heap: three of these and a database share a small machine
      Process p =
          SwfdProcess.start(
              classPath,
              Stream.concat(
                      Stream.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"),
                      jvmOptions.stream())
                  .toList(),
              List.of(
                  "--port",
                  String.valueOf(port),
                  "--store",
                  store,
                  "--data-dir",
                  work.resolve("data-" + index).toString(),
                  "--poll-timeout",
                  "2"),
              log);
      process = p;
      if (!SwfdProcess.awaitHealthy(p, port, log, Duration.ofSeconds(60)))
        throw new IllegalStateException(
            "node " + index + " exited; log:\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
      Process p = process;
      p.destroyForcibly();
      if (!p.waitFor(10, TimeUnit.SECONDS))
        throw new IllegalStateException("node " + index + " did not die");
    }

    /**
     * SIGSTOP: the process freezes (as in a long GC pause or a VM stall); its sockets stay open.
     */
    void pause() throws IOException, InterruptedException {
      signal("STOP");
    }

    /** SIGCONT: a paused process goes on where it stopped. */
    void resume() throws IOException, InterruptedException {
      signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
      Process k = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
      if (k.waitFor() != 0) throw new IllegalStateException("kill -" + name + " failed");
    }

    /** GET {@code path} (e.g. /health, /metrics): its body. */
    String get(String path) throws IOException, InterruptedException {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(endpoint().resolve(path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }

    /** The node's parked long polls (from GET /metrics). */
    int parkedPolls() {
      try {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(endpoint().resolve("/metrics"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
          if (line.startsWith("swfd_polls_waiting "))
            return (int) Double.parseDouble(line.substring(19).trim());
        }
        return 0;
      } catch (IOException e) {
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }

    SwfClient client(Duration timeout) {
      return client(timeout, true);
    }

    /**
     * A client that retries 5xx answers and broken connections ({@code retries}, the SDK's standard
     * mode) or not: a call that is not safe to repeat (a signal) must not be repeated by the SDK
     * behind the test's back, or its ledger would count a 200 whose first attempt also got in.
     */
    SwfClient client(Duration timeout, boolean retries) {
      return SwfClient.builder()
          .endpointOverride(endpoint())
          .region(Region.US_EAST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLUSTER", "secret")))
          .httpClient(
              UrlConnectionHttpClient.builder()
                  .socketTimeout(timeout)
                  .connectionTimeout(Duration.ofSeconds(2))
                  .build())
          .overrideConfiguration(
              o ->
                  o.retryStrategy(
                          retries
                              ? software.amazon.awssdk.awscore.retry.AwsRetryStrategy
                                  .standardRetryStrategy()
                              : software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
                      .apiCallAttemptTimeout(timeout))
          .build();
    }

    String logText() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return e.toString();
      }
    }
  }

  String logs() {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes)
      b.append("---- node ").append(n.index).append(" log:\n").append(n.logText()).append('\n');
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    for (Node n : nodes) {
      Process p = n.process;
      if (p != null && p.isAlive()) {
        try {
          n.resume(); // a paused node would not act on SIGTERM
        } catch (IOException | InterruptedException | IllegalStateException e) {
          // it is killed below if it does not stop
        }
        p.destroy();
      }
    }
    try {
      for (Node n : nodes) {
        Process p = n.process;
        if (p != null && !p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (Node n : nodes) if (n.process != null) n.process.destroyForcibly();
    }
    deleteRecursively(work.resolve("classes"));
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var files = Files.walk(root)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    }
  }
}
