package io.swfd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.swfd.server.ServerConfig;
import io.swfd.server.SwfdServer;
import io.swfd.server.cli.AccessSettings;
import io.swfd.server.cli.ConfigException;
import io.swfd.server.cli.ConfigResolver;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import io.swfd.support.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Protected mode, and the access-control settings of the config file and the command line. */
class ProtectedModeTest {
  @TempDir Path tmp;

  /**
   * A server on {@code host}, on the store under test (the PostgreSQL pass too); the cases that
   * start from a configuration file keep its store (SQLite): they test the file's reading.
   */
  ServerConfig config(String host) {
    return TestPostgres.storeFor(
        ServerConfig.defaults()
            .withHost(host)
            .withPort(0)
            .withDataDir(tmp.resolve("data-" + System.nanoTime()))
            .withPollTimeout(Duration.ofSeconds(1)));
  }

  @Test
  void withoutCredentialsOnlyLoopbackIsServed() throws Exception {
    ServerConfig wide = config("0.0.0.0");
    assertThatThrownBy(() -> new SwfdServer(wide).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0 without credentials")
        .hasMessageContaining("--insecure");
    assertThat(Files.exists(wide.dataDir())).as("nothing was opened").isFalse();

    // loopback needs nothing; unsigned and any-signed requests work as before
    try (SwfdServer s = new SwfdServer(config("127.0.0.1")).start()) {
      URI endpoint = URI.create(s.endpoint());
      assertThat(
              Clients.post(
                      endpoint,
                      "SimpleWorkflowService.ListDomains",
                      "{\"registrationStatus\":\"REGISTERED\"}",
                      Map.of())
                  .status())
          .isEqualTo(200);
      try (var anyKey = Clients.sdk(endpoint, "AKIAWHATEVER", "whatever")) {
        anyKey.registerDomain(r -> r.name("open").workflowExecutionRetentionPeriodInDays("1"));
      }
    }
    for (String loopback : List.of("localhost", "::1", "127.0.0.2"))
      assertThat(ProtectedMode.isLoopback(loopback)).isTrue();
    for (String other : List.of("0.0.0.0", "::", "10.1.2.3", "no-such-host.invalid"))
      assertThat(ProtectedMode.isLoopback(other)).isFalse();
  }

  @Test
  void insecureAllowsAnyAddressWithAWarning() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ProtectedMode.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (SwfdServer s =
        new SwfdServer(config("0.0.0.0").withAuth(AuthConfig.NONE.withInsecure(true))).start()) {
      URI endpoint = URI.create("http://127.0.0.1:" + s.port());
      assertThat(
              Clients.post(
                      endpoint,
                      "SimpleWorkflowService.ListDomains",
                      "{\"registrationStatus\":\"REGISTERED\"}",
                      Map.of())
                  .status())
          .isEqualTo(200);
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel().toString()).isEqualTo("WARN");
              assertThat(e.getFormattedMessage())
                  .contains("listening on 0.0.0.0 without credentials (--insecure)");
            });
  }

  @Test
  void withCredentialsAnyAddressIsFine() throws Exception {
    AuthConfig auth = AuthConfig.of(new Credential("AKIDWIDE", "secret"));
    try (SwfdServer s = new SwfdServer(config("0.0.0.0").withAuth(auth)).start()) {
      URI endpoint = URI.create("http://127.0.0.1:" + s.port());
      assertThat(Clients.post(endpoint, "SimpleWorkflowService.ListDomains", "{}", Map.of()).type())
          .isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");
      try (var client = Clients.sdk(endpoint, "AKIDWIDE", "secret")) {
        assertThat(client.listDomains(r -> r.registrationStatus("REGISTERED")).domainInfos())
            .isEmpty();
      }
    }
  }

  // --- the command line ---

  private record Run(int exitCode, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SwfdCommand.commandLine(new ServeCommand(env, tmp, false));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void theCliRefusesAWideAddressWithoutCredentialsAndSaysWhy() {
    Run r = run(Map.of(), "serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", "d1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "refusing to listen on 0.0.0.0 without credentials", "--insecure", "auth.credentials");
    Run env = run(Map.of("SWFD_HOST", "0.0.0.0"), "serve", "--port", "0", "--data-dir", "d2");
    assertThat(env.exitCode()).isEqualTo(2);
    assertThat(Files.exists(tmp.resolve("d1"))).isFalse();
  }

  @Test
  void theCliServesAWideAddressWithInsecure() throws Exception {
    for (Object[] variant :
        new Object[][] {
          {
            Map.of(),
            new String[] {
              "serve", "--host", "0.0.0.0", "--insecure", "--port", "0", "--data-dir", "d3"
            }
          },
          {
            Map.of("SWFD_INSECURE", "true", "SWFD_HOST", "0.0.0.0"),
            new String[] {"serve", "--port", "0", "--data-dir", "d4"}
          }
        }) {
      @SuppressWarnings("unchecked")
      Map<String, String> env = (Map<String, String>) variant[0];
      ServeCommand serve = new ServeCommand(env, tmp, false);
      CommandLine cl = SwfdCommand.commandLine(serve);
      cl.setOut(new PrintWriter(new StringWriter(), true));
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(() -> cl.execute((String[]) variant[1]));
      SwfdServer server = serve.started().get(30, TimeUnit.SECONDS);
      try {
        assertThat(server.config().host()).isEqualTo("0.0.0.0");
        assertThat(server.config().auth().insecure()).isTrue();
      } finally {
        serve.requestStop();
      }
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  // --- the config file ---

  private Path yaml(String text) throws Exception {
    Path f = tmp.resolve("swfd-" + System.nanoTime() + ".yaml");
    Files.writeString(f, text);
    return f;
  }

  private ServerConfig resolve(Path file, AccessSettings.Flags flags, Map<String, String> env) {
    ServerConfig base = ConfigResolver.resolve(ConfigResolver.Flags.none(), env, file, tmp);
    return AccessSettings.apply(base, flags, env, file, tmp);
  }

  @Test
  void theIssuesYamlShapeIsRead() throws Exception {
    Path f =
        yaml(
            """
                host: 0.0.0.0
                auth:
                  credentials:
                    - accessKeyId: AKIAWORKER0000000001
                      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                      account: "123456789012"        # optional; default is the server's account
                      policy: { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "swf:PollForActivityTask", "Resource": "arn:aws:swf:*:123456789012:/domain/orders" } ] }
                    - accessKeyId: AKIAADMIN00000000001
                      secretAccessKey: admin-secret
                    - accessKeyId: ASIATEMP000000000001
                      secretAccessKey: temp
                      sessionToken: the-token
                      account: "210987654321"
                      policy: |
                        {"Statement": {"Effect": "Deny", "Action": "swf:*", "Resource": "*"}}
                throttling: aws
                """);
    ServerConfig c = resolve(f, AccessSettings.Flags.none(), Map.of());
    AuthConfig auth = c.auth();
    assertThat(auth.required()).isTrue();
    assertThat(auth.credentials())
        .extracting(Credential::accessKeyId)
        .containsExactly("AKIAWORKER0000000001", "AKIAADMIN00000000001", "ASIATEMP000000000001");
    Credential worker = auth.credentials().get(0);
    assertThat(worker.secretAccessKey()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertThat(worker.account()).isEqualTo("123456789012");
    assertThat(
            worker
                .policy()
                .allows(
                    "swf:PollForActivityTask",
                    "arn:aws:swf:us-east-1:123456789012:/domain/orders",
                    Map.of()))
        .isTrue();
    assertThat(
            worker
                .policy()
                .allows(
                    "swf:RegisterDomain",
                    "arn:aws:swf:us-east-1:123456789012:/domain/orders",
                    Map.of()))
        .isFalse();
    assertThat(auth.credentials().get(1).policy()).isNull();
    assertThat(auth.credentials().get(2).sessionToken()).isEqualTo("the-token");
    assertThat(auth.credentials().get(2).policy().allows("swf:ListDomains", "*", Map.of()))
        .isFalse();
    assertThat(auth.throttling()).isEqualTo(ThrottlingConfig.AWS);
    assertThat(auth.throttling().rates().get("PollForActivityTask"))
        .isEqualTo(new ThrottlingConfig.Rate(2000, 200));
    assertThat(worker.toString()).doesNotContain("wJalr");
  }

  @Test
  void theReadmesYamlPoliciesAreRead() throws Exception {
    Path f =
        yaml(
            """
                auth:
                  credentials:
                    - accessKeyId: AKIAWORKER0000000001
                      secretAccessKey: "..."
                      policy:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: "swf:PollForActivityTask"
                            Resource: "arn:aws:swf:*:123456789012:/domain/orders"
                            Condition: { StringEquals: { "swf:taskList.name": "work" } }
                          - Effect: Allow                    # token calls have no condition keys: no Condition here
                            Action: ["swf:RecordActivityTaskHeartbeat", "swf:RespondActivityTask*"]
                            Resource: "arn:aws:swf:*:123456789012:/domain/orders"
                throttling:
                  preset: aws                          # optional: start from SWF's quotas (default: none)
                  rates:
                    StartWorkflowExecution: { bucket: 50, refillPerSecond: 10 }
                    ListDomains: { bucket: 5, refillPerSecond: 0.5 }
                """);
    ServerConfig c = resolve(f, AccessSettings.Flags.none(), Map.of());
    Policy p = c.auth().credentials().get(0).policy();
    String orders = "arn:aws:swf:eu-west-1:123456789012:/domain/orders";
    assertThat(p.allows("swf:PollForActivityTask", orders, Map.of("swf:taskList.name", "work")))
        .isTrue();
    assertThat(p.allows("swf:PollForActivityTask", orders, Map.of("swf:taskList.name", "other")))
        .isFalse();
    assertThat(p.allows("swf:RespondActivityTaskFailed", orders, Map.of())).isTrue();
    assertThat(p.allows("swf:RecordActivityTaskHeartbeat", orders, Map.of())).isTrue();
    assertThat(
            p.allows(
                "swf:RecordActivityTaskHeartbeat", orders.replace("orders", "billing"), Map.of()))
        .isFalse();
    assertThat(c.auth().throttling().rates().get("StartWorkflowExecution"))
        .isEqualTo(new ThrottlingConfig.Rate(50, 10));
    // the preset: 39 operations and 5 decision throttles, two of them replaced by the file
    assertThat(c.auth().throttling().rates())
        .hasSize(ThrottlingConfig.AWS.rates().size())
        .hasSize(39 + 5);
  }

  @Test
  void insecureThrottlingAndTlsCanComeFromTheFileFlagsOrEnvironment() throws Exception {
    Path f =
        yaml(
            """
                host: 0.0.0.0
                insecure: true
                throttling:
                  preset: aws
                  rates:
                    ListDomains: { bucket: 5, refillPerSecond: 0.5 }
                """);
    ServerConfig c = resolve(f, AccessSettings.Flags.none(), Map.of());
    assertThat(c.auth().insecure()).isTrue();
    assertThat(c.auth().throttling().rates().get("ListDomains"))
        .isEqualTo(new ThrottlingConfig.Rate(5, 0.5));
    assertThat(c.auth().throttling().rates().get("RegisterDomain"))
        .isEqualTo(new ThrottlingConfig.Rate(100, 6));
    // flags and the environment win over the file
    assertThat(
            resolve(f, new AccessSettings.Flags(false, "off", null, null, null), Map.of())
                .auth()
                .throttling()
                .enabled())
        .isFalse();
    assertThat(
            resolve(f, AccessSettings.Flags.none(), Map.of("SWFD_THROTTLING", "off"))
                .auth()
                .throttling()
                .enabled())
        .isFalse();
    assertThatThrownBy(
            () -> resolve(f, AccessSettings.Flags.none(), Map.of("SWFD_INSECURE", "false")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0");
    assertThat(
            resolve(
                    yaml("host: 0.0.0.0\n"),
                    new AccessSettings.Flags(true, "aws", null, null, null),
                    Map.of())
                .auth()
                .throttling())
        .isEqualTo(ThrottlingConfig.AWS);
  }

  @Test
  void badAccessSettingsAreExplained() throws Exception {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("auth:\n  credentials:\n    - accessKeyId: A\n", "secretAccessKey of A is missing");
    cases.put(
        "auth:\n  credentials:\n    - accessKeyId: A\n      secretAccessKey: s\n      polcy: {}\n",
        "unknown key 'polcy'");
    cases.put(
        "auth:\n  credentials:\n    - accessKeyId: A\n      secretAccessKey: s\n      account: \"12\"\n",
        "not a 12-digit");
    cases.put(
        "auth:\n  credentials:\n    - accessKeyId: A\n      secretAccessKey: s\n      policy: {\"Statement\": [{\"Effect\": \"Maybe\", \"Action\": \"*\"}]}\n",
        "Effect must be Allow or Deny");
    cases.put(
        "auth:\n  credentials:\n    - accessKeyId: A\n      secretAccessKey: s\n      policy: \"{not json\"\n",
        "is not valid JSON");
    cases.put(
        "auth:\n  credentials:\n    - {accessKeyId: A, secretAccessKey: s}\n    - {accessKeyId: A, secretAccessKey: t}\n",
        "configured twice");
    cases.put("auth:\n  users: []\n", "unknown key 'users'");
    cases.put("throttling: fast\n", "not a throttling preset");
    cases.put(
        "throttling:\n  rates:\n    ListDomain: {bucket: 1, refillPerSecond: 1}\n",
        "not an SWF API name");
    cases.put(
        "throttling:\n  rates:\n    ListDomains: {bucket: 0, refillPerSecond: 1}\n", "at least 1");
    cases.put("insecure: maybe\n", "not true or false");
    cases.put("tls:\n  certificate: missing.pem\n", "a certificate needs its private key");
    cases.put("tls:\n  certificate: missing.pem\n  privateKey: missing.key\n", "cannot be read");
    cases.put("tls:\n  keystore: missing.p12\n", "cannot be read");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Path f = yaml(e.getKey());
      assertThatThrownBy(() -> resolve(f, AccessSettings.Flags.none(), Map.of()))
          .as(e.getKey())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(e.getValue());
    }
  }
}
