package io.swfd.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.server.ServerConfig;
import io.swfd.server.SwfdServer;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import io.swfd.support.TestPostgres;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;

/** HTTPS with a self-signed certificate made by keytool, as a PKCS12 keystore and as PEM files. */
class TlsTest {
  static final String PASSWORD = "changeit";

  @TempDir static Path dir;
  static Path p12, certPem, keyPem, rsaKeyPem;
  static TrustManager[] trust;

  @BeforeAll
  static void makeCertificate() throws Exception {
    p12 = dir.resolve("swfd.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "swfd",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Certificate cert = ks.getCertificate("swfd");
    PrivateKey key = (PrivateKey) ks.getKey("swfd", PASSWORD.toCharArray());
    certPem = dir.resolve("cert.pem");
    keyPem = dir.resolve("key.pem");
    rsaKeyPem = dir.resolve("rsa-key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    // PKCS#1 (openssl's "BEGIN RSA PRIVATE KEY"): the OCTET STRING inside the PKCS#8 structure
    byte[] pkcs8 = key.getEncoded();
    Files.writeString(
        rsaKeyPem, pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)));

    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("swfd", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    trust = tmf.getTrustManagers();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static SwfClient client(URI endpoint, boolean trusting, String key, String secret) {
    UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30));
    if (trusting) http.tlsTrustManagersProvider(() -> trust);
    return SwfClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(http.build())
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  /** A server with TLS on the store under test (the PostgreSQL pass too). */
  ServerConfig config(TlsConfig tls) {
    return TestPostgres.storeFor(
        ServerConfig.defaults()
            .withPort(0)
            .withDataDir(dir.resolve("data-" + System.nanoTime()))
            .withPollTimeout(Duration.ofSeconds(1))
            .withAuth(AuthConfig.of(new Credential("AKIDTLS", "tls-secret")).withTls(tls)));
  }

  @Test
  void aPkcs12KeystoreServesHttps() throws Exception {
    try (SwfdServer s = new SwfdServer(config(TlsConfig.keystore(p12, PASSWORD))).start()) {
      assertThat(s.endpoint()).startsWith("https://");
      roundTrip(URI.create(s.endpoint()));
      roundTrip(URI.create("https://localhost:" + s.port()));
    }
  }

  @Test
  void pemFilesServeHttps() throws Exception {
    for (Path key : new Path[] {keyPem, rsaKeyPem}) {
      try (SwfdServer s = new SwfdServer(config(TlsConfig.pem(certPem, key))).start()) {
        roundTrip(URI.create(s.endpoint()));
      }
    }
  }

  private static void roundTrip(URI endpoint) {
    try (SwfClient c = client(endpoint, true, "AKIDTLS", "tls-secret")) {
      String name = "tls-" + System.nanoTime();
      c.registerDomain(r -> r.name(name).workflowExecutionRetentionPeriodInDays("1"));
      assertThat(c.describeDomain(r -> r.name(name)).domainInfo().name()).isEqualTo(name);
    }
  }

  @Test
  void clientsThatDoNotTrustTheCertificateOrSpeakPlainHttpGetNowhere() throws Exception {
    try (SwfdServer s = new SwfdServer(config(TlsConfig.keystore(p12, PASSWORD))).start();
        SwfClient untrusting = client(URI.create(s.endpoint()), false, "AKIDTLS", "tls-secret");
        SwfClient plain =
            client(URI.create("http://127.0.0.1:" + s.port()), true, "AKIDTLS", "tls-secret")) {
      assertThatThrownBy(() -> untrusting.listDomains(r -> r.registrationStatus("REGISTERED")))
          .isInstanceOf(SdkClientException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(() -> plain.listDomains(r -> r.registrationStatus("REGISTERED")))
          .isInstanceOf(SdkClientException.class);
    }
  }

  @Test
  void aBrokenKeyIsAConfigurationError() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TlsConfig.pem(certPem, garbage).load())
        .hasMessageContaining("not an RSA, EC or EdDSA private key");
    assertThatThrownBy(() -> TlsConfig.keystore(p12, "wrong").load())
        .hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> TlsConfig.pem(keyPem, keyPem).load())
        .hasMessageContaining("TLS certificate file")
        .hasMessageContaining("cannot be read");
  }

  @Test
  void theCliPrintsAnHttpsUrl() throws Exception {
    ServeCommand serve =
        new ServeCommand(Map.of("SWFD_TLS_KEYSTORE_PASSWORD", PASSWORD), dir, false);
    CommandLine cl = SwfdCommand.commandLine(serve);
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cl.execute(
                    "serve",
                    "--port",
                    "0",
                    "--data-dir",
                    "cli-data",
                    "--tls-keystore",
                    p12.toString()));
    SwfdServer server = serve.started().get(30, TimeUnit.SECONDS);
    try {
      assertThat(out.toString())
          .contains("listening on https://127.0.0.1:" + server.port())
          .contains("--endpoint-url https://127.0.0.1:" + server.port());
      try (SwfClient c = client(URI.create(server.endpoint()), true, "any", "key")) {
        assertThat(c.listDomains(r -> r.registrationStatus("REGISTERED")).domainInfos()).isEmpty();
      }
    } finally {
      serve.requestStop();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }
}
