package io.swfd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.auth.AuthConfig;
import io.swfd.auth.Credential;
import io.swfd.auth.TlsConfig;
import io.swfd.server.ServerConfig;
import io.swfd.server.cli.ServeCommand;
import io.swfd.server.cli.SwfdCommand;
import io.swfd.support.RunningSwfd;
import io.swfd.support.SelfSignedCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands' way to a server: TLS (--ca-bundle, AWS_CA_BUNDLE, --no-verify-ssl, and
 * what they say when the scheme or the certificate is wrong) and keys from the AWS CLI's places.
 */
class OperatorConnectionTest {
  static final String KEY = "AKIDOPS";
  static final String SECRET = "ops-secret";
  @TempDir static Path tmp;
  static SelfSignedCertificate cert;
  static RunningSwfd tls;
  static RunningSwfd plain;

  record Result(int status, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSignedCertificate.create(tmp);
    AuthConfig auth = AuthConfig.of(new Credential(KEY, SECRET));
    tls =
        new RunningSwfd(
            ServerConfig.defaults()
                .withPollTimeout(Duration.ofSeconds(1))
                .withAuth(auth.withTls(TlsConfig.pem(cert.certificate(), cert.key()))),
            InstantSource.system());
    plain =
        new RunningSwfd(
            ServerConfig.defaults().withPollTimeout(Duration.ofSeconds(1)).withAuth(auth),
            InstantSource.system());
  }

  @AfterAll
  static void stop() {
    if (tls != null) tls.close();
    if (plain != null) plain.close();
  }

  static Result swfd(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = SwfdCommand.commandLine(new ServeCommand(env, Path.of("").toAbsolutePath(), false));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    System.out.println("$ swfd " + String.join(" ", args) + "\n" + out + err);
    return new Result(status, out.toString(), err.toString());
  }

  static Map<String, String> keys() {
    return new HashMap<>(
        Map.of(
            "AWS_ACCESS_KEY_ID",
            KEY,
            "AWS_SECRET_ACCESS_KEY",
            SECRET,
            "HOME",
            tmp.resolve("home").toString()));
  }

  static String https() {
    return "https://127.0.0.1:" + tls.server().port();
  }

  static String http(RunningSwfd s) {
    return "http://127.0.0.1:" + s.server().port();
  }

  @Test
  void aSelfSignedCertificateIsTrustedThroughTheCaBundle() {
    Result untrusted = swfd(keys(), "domains", "--endpoint", https());
    assertThat(untrusted.status()).isEqualTo(1);
    assertThat(untrusted.err().strip())
        .isEqualTo(
            "swfd domains: the certificate of "
                + https()
                + " is not trusted: give its CA (for swfd's self-signed certificate: the"
                + " certificate itself) with --ca-bundle FILE or AWS_CA_BUNDLE, or skip the check"
                + " with --no-verify-ssl");

    Result bundle =
        swfd(
            keys(), "domains", "--endpoint", https(), "--ca-bundle", cert.certificate().toString());
    assertThat(bundle.status()).as(bundle.err()).isZero();
    assertThat(bundle.out()).contains("No registered domains in us-east-1 at " + https());

    Map<String, String> env = keys();
    env.put("AWS_CA_BUNDLE", cert.certificate().toString());
    assertThat(swfd(env, "domains", "--endpoint", https()).status()).isZero();

    Result unchecked = swfd(keys(), "domains", "--endpoint", https(), "--no-verify-ssl");
    assertThat(unchecked.status()).as(unchecked.err()).isZero();

    Result missing =
        swfd(
            keys(),
            "domains",
            "--endpoint",
            https(),
            "--ca-bundle",
            tmp.resolve("nope.pem").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .contains("--ca-bundle: " + tmp.resolve("nope.pem") + " does not exist");
  }

  @Test
  void aCertificateForAnotherNameIsRefusedUnlessVerificationIsOff() throws Exception {
    SelfSignedCertificate other =
        SelfSignedCertificate.create(tmp.resolve("other"), "swfd.example", "dns:swfd.example");
    try (RunningSwfd s =
        new RunningSwfd(
            ServerConfig.defaults()
                .withPollTimeout(Duration.ofSeconds(1))
                .withAuth(
                    AuthConfig.of(new Credential(KEY, SECRET))
                        .withTls(TlsConfig.pem(other.certificate(), other.key()))),
            InstantSource.system())) {
      String url = "https://127.0.0.1:" + s.server().port();
      Result wrongName =
          swfd(keys(), "domains", "--endpoint", url, "--ca-bundle", other.certificate().toString());
      assertThat(wrongName.status()).isEqualTo(1);
      assertThat(wrongName.err().strip())
          .isEqualTo(
              "swfd domains: the certificate of "
                  + url
                  + " is not issued for 127.0.0.1: use a host name it names, or skip the check"
                  + " with --no-verify-ssl");
      Result unchecked = swfd(keys(), "domains", "--endpoint", url, "--no-verify-ssl");
      assertThat(unchecked.status()).as(unchecked.err()).isZero();
    }
  }

  @Test
  void theWrongSchemeIsNamed() {
    Result httpsToPlain =
        swfd(keys(), "domains", "--endpoint", "https://127.0.0.1:" + plain.server().port());
    assertThat(httpsToPlain.status()).isEqualTo(1);
    assertThat(httpsToPlain.err().strip())
        .isEqualTo(
            "swfd domains: https://127.0.0.1:"
                + plain.server().port()
                + " does not answer TLS: the server serves plain HTTP (use "
                + http(plain)
                + ")");

    Result plainToHttps = swfd(keys(), "domains", "--endpoint", http(tls));
    assertThat(plainToHttps.status()).isEqualTo(1);
    assertThat(plainToHttps.err())
        .contains(
            http(tls) + " closed the connection without an HTTP answer",
            "use https://127.0.0.1:" + tls.server().port());
  }

  @Test
  void keysComeFromTheEnvironmentOrAProfileOfTheAwsFiles() throws Exception {
    Path credentials = tmp.resolve("credentials");
    Files.writeString(
        credentials,
        """
        [default]
        aws_access_key_id = AKIDWRONG
        aws_secret_access_key = wrong

        [ops]
        aws_access_key_id = %s
        aws_secret_access_key = %s
        """
            .formatted(KEY, SECRET));
    Path config = tmp.resolve("config");
    Files.writeString(
        config,
        """
        [profile viaconfig]
        region = eu-west-1
        aws_access_key_id = %s
        aws_secret_access_key = %s
        """
            .formatted(KEY, SECRET));
    Map<String, String> files =
        new HashMap<>(
            Map.of(
                "AWS_SHARED_CREDENTIALS_FILE",
                credentials.toString(),
                "AWS_CONFIG_FILE",
                config.toString(),
                "HOME",
                tmp.toString()));

    Result byDefault = swfd(files, "domains", "--endpoint", http(plain));
    assertThat(byDefault.status()).isEqualTo(1);
    assertThat(byDefault.err()).contains("UnrecognizedClientException"); // [default] is wrong

    Result flag = swfd(files, "domains", "--endpoint", http(plain), "--profile", "ops");
    assertThat(flag.status()).as(flag.err()).isZero();

    Map<String, String> env = new HashMap<>(files);
    env.put("AWS_PROFILE", "ops");
    assertThat(swfd(env, "domains", "--endpoint", http(plain)).status()).isZero();

    // the config file's profile: keys and region
    Result viaConfig = swfd(files, "domains", "--endpoint", http(plain), "--profile", "viaconfig");
    assertThat(viaConfig.status()).as(viaConfig.err()).isZero();
    assertThat(viaConfig.out()).contains("No registered domains in eu-west-1");

    // keys in the environment beat AWS_PROFILE's (as in the AWS CLI)
    Map<String, String> both = new HashMap<>(files);
    both.put("AWS_PROFILE", "default");
    both.put("AWS_ACCESS_KEY_ID", KEY);
    both.put("AWS_SECRET_ACCESS_KEY", SECRET);
    assertThat(swfd(both, "domains", "--endpoint", http(plain)).status()).isZero();

    Result unknown = swfd(files, "domains", "--endpoint", http(plain), "--profile", "nobody");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--profile nobody: no aws_access_key_id and aws_secret_access_key for it in");
  }
}
