package io.swfd.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's keytool,
 * as a PKCS12 keystore and as PEM files (certificate, PKCS#8 key).
 */
public record SelfSignedCertificate(Path keystore, String password, Path certificate, Path key) {
  public static SelfSignedCertificate create(Path dir) throws Exception {
    return create(dir, "localhost", "dns:localhost,ip:127.0.0.1");
  }

  /**
   * @param commonName the subject's CN
   * @param subjectAlternativeNames keytool's SAN list, e.g. {@code dns:localhost,ip:127.0.0.1}
   */
  public static SelfSignedCertificate create(
      Path dir, String commonName, String subjectAlternativeNames) throws Exception {
    String password = "changeit";
    Files.createDirectories(dir);
    Path p12 = dir.resolve("swfd.p12");
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
                "CN=" + commonName,
                "-ext",
                "SAN=" + subjectAlternativeNames,
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                password,
                "-keypass",
                password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, password.toCharArray());
    }
    Certificate cert = ks.getCertificate("swfd");
    PrivateKey key = (PrivateKey) ks.getKey("swfd", password.toCharArray());
    Path certPem = dir.resolve("cert.pem");
    Path keyPem = dir.resolve("key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedCertificate(p12, password, certPem, keyPem);
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
}
