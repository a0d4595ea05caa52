package io.swfd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.server.SwfdServer;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import io.swfd.support.SelfSignedCertificate;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code swfd serve} prints and serves besides the API: the startup lines and their {@code
 * Try:} command (run with the AWS CLI when it is installed), {@code --ephemeral}, {@code --domain}
 * and the config file's domains, {@code GET /}, {@code /health}, the admin paths without time
 * control.
 */
class ServeStartupTest {
  @TempDir Path tmp;

  /** A {@code swfd serve} running in this JVM. */
  final class Serve implements AutoCloseable {
    final ServeCommand command;
    final CompletableFuture<Integer> exit;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final SwfdServer server;

    Serve(Map<String, String> env, String... args) throws Exception {
      command = new ServeCommand(env, tmp, false);
      CommandLine cl = SwfdCommand.commandLine(command);
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
      all.addAll(Arrays.asList(args));
      exit = CompletableFuture.supplyAsync(() -> cl.execute(all.toArray(String[]::new)));
      server = command.started().get(60, TimeUnit.SECONDS);
    }

    List<String> lines() {
      return out.toString().lines().toList();
    }

    String tryCommand() {
      return lines().stream().filter(l -> l.startsWith("Try: ")).findFirst().orElseThrow();
    }

    @Override
    public void close() {
      command.requestStop();
      assertThat(exit.orTimeout(60, TimeUnit.SECONDS).join()).isZero();
    }
  }

  record Run(int exitCode, String out, String err) {}

  Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SwfdCommand.commandLine(new ServeCommand(env, tmp, false));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theStartupLinesSayWhatRunsAndTheTryLineWorksAsPrinted() throws Exception {
    Path dir;
    try (Serve s = new Serve(Map.of(), "--ephemeral", "--time-control", "--domain", "orders:7")) {
      int port = s.server.port();
      dir = s.server.config().dataDir();
      assertThat(dir.getFileName().toString()).startsWith("swfd-ephemeral-");
      assertThat(Files.isDirectory(dir)).isTrue();
      String url = "http://127.0.0.1:" + port;
      assertThat(s.lines())
          .containsExactly(
              "swfd "
                  + io.swfd.server.cli.VersionProvider.version()
                  + " listening on "
                  + url
                  + ", data in "
                  + dir
                  + " (deleted when swfd stops)",
              "  Store:    SQLite "
                  + dir.resolve("swfd.db")
                  + " (ephemeral: deleted when swfd stops)",
              "  Modes:    time control",
              "  Domains:  orders (registered in us-east-1, retention 7 days)",
              "  Console:  " + url + "/console/",
              "  Metrics:  " + url + "/metrics",
              "  Health:   " + url + "/health",
              "Try: aws swf list-domains --registration-status REGISTERED --endpoint-url "
                  + url
                  + " --region us-east-1 --no-sign-request");
      AwsCli.Result listed = AwsCli.run(tmp, Map.of(), s.tryCommand().substring(5));
      if (listed != null) {
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(new ObjectMapper().readTree(listed.out()).at("/domainInfos/0/name").asText())
            .isEqualTo("orders");
      }
    }
    assertThat(dir).doesNotExist(); // ephemeral: gone once the server stopped
  }

  @Test
  void underTlsAndAccessControlTheTryLineNamesTheCaBundleAndAKey() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(tmp);
    Path config = tmp.resolve("swfd.yaml");
    Files.writeString(
        config,
        """
        tls: { certificate: cert.pem, privateKey: key.pem }
        throttling: aws
        auth:
          credentials:
            - accessKeyId: AKIDWORKER
              secretAccessKey: worker-secret
              policy: { Version: "2012-10-17", Statement: [ { Effect: Allow, Action: "swf:Poll*", Resource: "*" } ] }
            - accessKeyId: AKIDADMIN
              secretAccessKey: admin-secret
        """);
    try (Serve s = new Serve(Map.of(), "--data-dir", "tls-data", "--config", config.toString())) {
      String url = "https://127.0.0.1:" + s.server.port();
      assertThat(s.lines())
          .contains(
              "  Modes:    credentials (2 keys), throttling aws, TLS",
              "Try: aws swf list-domains --registration-status REGISTERED --endpoint-url "
                  + url
                  + " --region us-east-1 --ca-bundle "
                  + cert.certificate(),
              "     signed with a configured key: first export AWS_ACCESS_KEY_ID=AKIDADMIN and its"
                  + " AWS_SECRET_ACCESS_KEY (or another of the 2 keys)");
      AwsCli.Result listed =
          AwsCli.run(
              tmp,
              Map.of("AWS_ACCESS_KEY_ID", "AKIDADMIN", "AWS_SECRET_ACCESS_KEY", "admin-secret"),
              s.tryCommand().substring(5));
      if (listed != null) assertThat(listed.exitCode()).as(listed.err()).isZero();

      JsonNode health = new ObjectMapper().readTree(trusting(cert, url + "/health"));
      assertThat(health.at("/modes/credentials").asInt()).isEqualTo(2);
      assertThat(health.at("/modes/tls").asBoolean()).isTrue();
      assertThat(health.at("/modes/throttling").asText()).isEqualTo("aws");
    }
  }

  static String trusting(SelfSignedCertificate cert, String url) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(cert.keystore())) {
      ks.load(in, cert.password().toCharArray());
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(ctx)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void aKeystoresCertificateIsWrittenOutForTheTryLine() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create(tmp);
    Path bundle;
    try (Serve s =
        new Serve(
            Map.of("SWFD_TLS_KEYSTORE_PASSWORD", cert.password()),
            "--data-dir",
            "p12-data",
            "--tls-keystore",
            cert.keystore().toString())) {
      String line = s.tryCommand();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(" --ca-bundle (\\S+) --no-sign-request$").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      bundle = Path.of(m.group(1));
      assertThat(Files.readString(bundle))
          .isEqualTo(Files.readString(cert.certificate())); // the keystore's certificate, as PEM
      assertThat(s.lines())
          .contains(
              "     ("
                  + bundle
                  + ": the certificate of "
                  + cert.keystore()
                  + ", deleted when swfd stops)");
      AwsCli.Result listed = AwsCli.run(tmp, Map.of(), line.substring(5));
      if (listed != null) assertThat(listed.exitCode()).as(listed.err()).isZero();
    }
  }

  @Test
  void onPostgresqlTheLinesAndHealthNameTheServerAndDatabaseButNoPassword() throws Exception {
    String url = io.swfd.support.TestPostgres.newDatabase("startup");
    String database = url.substring(url.indexOf('@') + 1); // 127.0.0.1:PORT/startup_...
    try (Serve s = new Serve(Map.of(), "--store", url)) {
      assertThat(s.lines().get(0)).contains("store postgresql://postgres:***@" + database);
      assertThat(s.lines()).contains("  Store:    PostgreSQL " + database + " (user postgres)");
      assertThat(String.join("\n", s.lines())).doesNotContain("postgres:postgres");
      JsonNode h =
          new ObjectMapper()
              .readTree(get("http://127.0.0.1:" + s.server.port() + "/health").body());
      assertThat(h.at("/store/type").asText()).isEqualTo("postgresql");
      assertThat(h.at("/store/database").asText()).isEqualTo(database);
    }
  }

  @Test
  void theRunSettingsCanComeFromTheConfigFile() throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "ephemeral: true\naccessLog: true\nlogLevel: INFO\nlogFormat: text\ndomains: [ files ]\n");
    try (Serve s = new Serve(Map.of(), "--config", config.toString())) {
      assertThat(s.server.options().ephemeral()).isTrue();
      assertThat(s.server.options().accessLog()).isTrue();
      assertThat(s.lines()).contains("  Modes:    access log");
      assertThat(s.lines()).anyMatch(l -> l.startsWith("  Domains:  files (registered"));
    }
    Files.writeString(config, "logLevel: loud\n");
    Run bad = run(Map.of(), "serve", "--config", config.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err())
        .contains(
            "logLevel in run.yaml: 'loud' is not a log level (error, warn, info, debug, trace)");
    Run badFormat = run(Map.of("SWFD_LOG_FORMAT", "xml"), "serve");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.err()).contains("SWFD_LOG_FORMAT: 'xml' is not text or json");
  }

  @Test
  void healthTheRootPageAndTheAdminPathsWithoutTimeControl() throws Exception {
    try (Serve s = new Serve(Map.of(), "--data-dir", "plain")) {
      String url = "http://127.0.0.1:" + s.server.port();
      HttpResponse<String> health = get(url + "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode h = new ObjectMapper().readTree(health.body());
      assertThat(h.path("status").asText()).isEqualTo("ok");
      assertThat(h.path("version").asText())
          .isEqualTo(io.swfd.server.cli.VersionProvider.version());
      assertThat(h.path("uptimeSeconds").isNumber()).isTrue();
      assertThat(h.path("startedAt").asText()).endsWith("Z");
      assertThat(h.at("/store/type").asText()).isEqualTo("sqlite");
      assertThat(h.at("/store/path").asText())
          .isEqualTo(tmp.resolve("plain").resolve("swfd.db").toString());
      assertThat(h.at("/store/ephemeral").asBoolean()).isFalse();
      assertThat(h.at("/modes/timeControl").asBoolean()).isFalse();
      assertThat(h.at("/modes/motoCompat").asBoolean()).isFalse();
      assertThat(h.at("/modes/credentials").asInt()).isZero();
      assertThat(h.at("/modes/throttling").asText()).isEqualTo("off");

      HttpResponse<String> root = get(url + "/");
      assertThat(root.statusCode()).isEqualTo(200);
      assertThat(root.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      assertThat(root.body())
          .contains("href=\"/console/\"", "href=\"/health\"", "href=\"/metrics\"");

      HttpResponse<String> admin = get(url + "/swfd/admin/clock");
      assertThat(admin.statusCode()).isEqualTo(404);
      assertThat(admin.headers().firstValue("content-type").orElse(""))
          .isEqualTo("application/json");
      assertThat(new ObjectMapper().readTree(admin.body()).path("message").asText())
          .contains("--time-control", "SWFD_TIME_CONTROL=true");
    }
  }

  @Test
  void domainsAndTypesFromFlagsAndTheConfigFileAreRegisteredOnceAtStart() throws Exception {
    Path config = tmp.resolve("seed.yaml");
    Files.writeString(
        config,
        """
        domains:
          - payments:30
          - name: billing
            retentionDays: NONE
            description: Invoices
            region: eu-west-1
            workflowTypes:
              - name: Invoice
                version: 1
                defaultTaskList: billing
                defaultTaskStartToCloseTimeout: 60
                defaultExecutionStartToCloseTimeout: 3600
                defaultChildPolicy: TERMINATE
            activityTypes:
              - { name: Charge, version: "1", defaultTaskList: { name: billing-work } }
        """);
    Map<String, String> env = Map.of("SWFD_DOMAINS", "orders:2");
    String[] args = {
      "--data-dir", "seeded", "--config", config.toString(), "--domain", "orders:7", "--domain", "x"
    };
    try (Serve s = new Serve(env, args)) {
      assertThat(s.lines())
          .contains(
              "  Domains:  orders (registered in us-east-1, retention 7 days); x (registered in"
                  + " us-east-1, retention 1 day); payments (registered in us-east-1, retention 30"
                  + " days); billing (registered in eu-west-1, retention NONE), 2 types registered");
      try (var swf = client(s.server, software.amazon.awssdk.regions.Region.EU_WEST_1)) {
        var d = swf.describeDomain(r -> r.name("billing"));
        assertThat(d.domainInfo().description()).isEqualTo("Invoices");
        assertThat(d.configuration().workflowExecutionRetentionPeriodInDays()).isEqualTo("NONE");
        var wf =
            swf.describeWorkflowType(
                r -> r.domain("billing").workflowType(t -> t.name("Invoice").version("1")));
        assertThat(wf.configuration().defaultTaskList().name()).isEqualTo("billing");
        assertThat(wf.configuration().defaultTaskStartToCloseTimeout()).isEqualTo("60");
        var act =
            swf.describeActivityType(
                r -> r.domain("billing").activityType(t -> t.name("Charge").version("1")));
        assertThat(act.configuration().defaultTaskList().name()).isEqualTo("billing-work");
      }
      try (var swf = client(s.server, software.amazon.awssdk.regions.Region.US_EAST_1)) {
        assertThat(
                swf.describeDomain(r -> r.name("orders"))
                    .configuration()
                    .workflowExecutionRetentionPeriodInDays())
            .isEqualTo("7"); // the flag beats the environment
      }
    }
    // a second start finds them all there
    try (Serve s = new Serve(env, args)) {
      assertThat(s.lines())
          .contains(
              "  Domains:  orders (already there in us-east-1); x (already there in us-east-1);"
                  + " payments (already there in us-east-1); billing (already there in"
                  + " eu-west-1)");
    }
  }

  static software.amazon.awssdk.services.swf.SwfClient client(
      SwfdServer server, software.amazon.awssdk.regions.Region region) {
    return software.amazon.awssdk.services.swf.SwfClient.builder()
        .endpointOverride(URI.create(server.endpoint()))
        .region(region)
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("k", "s")))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void badDomainsAreRefusedBeforeOrAtStart() {
    Run badSpec = run(Map.of(), "serve", "--port", "0", "--data-dir", "d1", "--domain", "x:91");
    assertThat(badSpec.exitCode()).isEqualTo(2);
    assertThat(badSpec.err())
        .contains("--domain x:91: the retention must be a number of days from 0 to 90, or NONE");

    Run badName = run(Map.of(), "serve", "--port", "0", "--data-dir", "d2", "--domain", "arn");
    assertThat(badName.exitCode()).isEqualTo(1);
    assertThat(badName.err()).contains("could not start: cannot register domain arn: ");
  }

  @Test
  void ephemeralIsNotCombinedWithADataDirectoryOrPostgres() {
    Run withDir = run(Map.of(), "serve", "--ephemeral", "--data-dir", "d");
    assertThat(withDir.exitCode()).isEqualTo(2);
    assertThat(withDir.err()).contains("--ephemeral makes its own temporary data directory");

    Run withPg =
        run(Map.of(), "serve", "--ephemeral", "--store", "postgresql://u:p@localhost:5432/db");
    assertThat(withPg.exitCode()).isEqualTo(2);
    assertThat(withPg.err()).contains("cannot be combined with a PostgreSQL --store");
  }

  @Test
  void dataDirectoryProblemsSayWhy() throws Exception {
    Files.writeString(tmp.resolve("a-file"), "x");
    Run file = run(Map.of(), "serve", "--port", "0", "--data-dir", "a-file");
    assertThat(file.exitCode()).isEqualTo(1);
    assertThat(file.err())
        .contains(
            "could not start: the data directory "
                + tmp.resolve("a-file")
                + " is not a directory (it is a file)");

    Run under = run(Map.of(), "serve", "--port", "0", "--data-dir", "a-file/data");
    assertThat(under.exitCode()).isEqualTo(1);
    assertThat(under.err())
        .contains(
            "cannot create the data directory "
                + tmp.resolve("a-file/data")
                + ": "
                + tmp.resolve("a-file")
                + " is not a directory");

    if (!"root".equals(System.getProperty("user.name"))) { // root may write anywhere
      Path locked = Files.createDirectory(tmp.resolve("locked"));
      locked.toFile().setWritable(false, false);
      try {
        Run denied = run(Map.of(), "serve", "--port", "0", "--data-dir", "locked/data");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err())
            .contains("cannot create the data directory " + locked.resolve("data"))
            .contains(": permission denied (swfd runs as ");
      } finally {
        locked.toFile().setWritable(true, false);
      }
    }
  }

  /**
   * A read-only file system and a full one, for real: small tmpfs mounts where the test may mount
   * (root with CAP_SYS_ADMIN, as on CI's machine); skipped elsewhere.
   */
  @Test
  void aReadOnlyOrFullFileSystemIsNamed() throws Exception {
    Path readOnly = Files.createDirectory(tmp.resolve("ro"));
    Path full = Files.createDirectory(tmp.resolve("full"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        sh("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly.toString()),
        "cannot mount a file system here");
    try {
      assertThat(sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString())).isTrue();
      try (var out = Files.newOutputStream(full.resolve("filler"))) {
        byte[] block = new byte[4096];
        for (int i = 0; i < 64; i++) out.write(block);
      } catch (java.io.IOException filled) {
        // full, as intended
      }
      Run ro =
          run(Map.of(), "serve", "--port", "0", "--data-dir", readOnly.resolve("data").toString());
      assertThat(ro.exitCode()).isEqualTo(1);
      assertThat(ro.err())
          .contains(
              "could not start: cannot create the data directory "
                  + readOnly.resolve("data")
                  + ": read-only file system");
      Run noSpace = run(Map.of(), "serve", "--port", "0", "--data-dir", full.toString());
      assertThat(noSpace.exitCode()).isEqualTo(1);
      assertThat(noSpace.err())
          .contains("could not start: cannot write in the data directory " + full)
          .contains(": no space left on device");
    } finally {
      sh("umount", full.toString());
      sh("umount", readOnly.toString());
    }
  }

  private static boolean sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** The AWS CLI, isolated from the user's own AWS setup; skipped (null) when not installed. */
  static final class AwsCli {
    record Result(int exitCode, String out, String err) {}

    static Result run(Path tmp, Map<String, String> keys, String commandLine) throws Exception {
      String aws = onPath("aws");
      if (aws == null) return null;
      List<String> cmd = new ArrayList<>(List.of(commandLine.split(" ")));
      cmd.set(0, aws);
      cmd.addAll(List.of("--output", "json"));
      Path out = Files.createTempFile(tmp, "aws", ".out");
      Path err = Files.createTempFile(tmp, "aws", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_"));
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("AWS_CONFIG_FILE", tmp.resolve("no-aws-config").toString());
      env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-aws-credentials").toString());
      env.put("AWS_PAGER", "");
      env.put("AWS_MAX_ATTEMPTS", "1");
      env.putAll(new HashMap<>(keys));
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("aws did not finish: " + Files.readString(err));
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      if (r.exitCode() != 0 && r.err().contains("No module named")) return null; // a broken shim
      return r;
    }

    static String onPath(String name) {
      String path = System.getenv("PATH");
      if (path == null) return null;
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
      }
      return null;
    }
  }
}
