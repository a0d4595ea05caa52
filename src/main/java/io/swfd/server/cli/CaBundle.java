package io.swfd.server.cli;

import io.swfd.auth.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * The file a client needs to trust swfd's certificate, for the startup line's {@code aws ...
 * --ca-bundle FILE}: the PEM certificate file itself when it is self-signed; for a keystore, its
 * self-signed certificate written to a temporary PEM file. A certificate issued by a CA needs none
 * here (clients trust that CA or are given it by whoever runs it).
 *
 * @param path the bundle, or null when none is needed or it could not be told
 * @param note a line to print with it, or null
 */
record CaBundle(Path path, String note) {
  static CaBundle of(TlsConfig tls) {
    Certificate[] chain;
    try {
      KeyStore ks = tls.load().keyStore();
      chain = null;
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          chain = ks.getCertificateChain(alias);
          break;
        }
      }
    } catch (RuntimeException | KeyStoreException e) {
      return new CaBundle(null, null);
    }
    if (chain == null || chain.length == 0) return new CaBundle(null, null);
    if (!(chain[chain.length - 1] instanceof X509Certificate last)
        || !last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      return new CaBundle(
          null,
          "the certificate is issued by "
              + (chain[chain.length - 1] instanceof X509Certificate x
                  ? x.getIssuerX500Principal().getName()
                  : "a CA")
              + ": clients that do not trust that CA need --ca-bundle with its certificate");
    }
    if (tls.certificate() != null) {
      return new CaBundle(tls.certificate().toAbsolutePath().normalize(), null);
    }
    try {
      Path file = Files.createTempFile("swfd-ca-", ".pem");
      file.toFile().deleteOnExit();
      Files.writeString(
          file,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                  .encodeToString(last.getEncoded())
              + "\n-----END CERTIFICATE-----\n");
      return new CaBundle(
          file,
          "(" + file + ": the certificate of " + tls.keystore() + ", deleted when swfd stops)");
    } catch (IOException | CertificateEncodingException e) {
      return new CaBundle(null, null);
    }
  }
}
