package io.swfd.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTPS: either a PEM certificate chain plus a PEM private key (PKCS#8 {@code BEGIN PRIVATE KEY},
 * or RSA {@code BEGIN RSA PRIVATE KEY}), or a PKCS12 (or JKS) keystore with its password.
 *
 * @param certificate PEM file with the server certificate first, then any intermediates
 * @param privateKey PEM file with the certificate's private key (unencrypted)
 * @param keystore PKCS12/JKS keystore holding one key entry (instead of the two PEM files)
 * @param keystorePassword the keystore's password (also used for its key)
 */
public record TlsConfig(Path certificate, Path privateKey, Path keystore, String keystorePassword) {
  public static final TlsConfig NONE = new TlsConfig(null, null, null, null);
  private static final char[] IN_MEMORY_PASSWORD = "swfd".toCharArray();

  public TlsConfig {
    boolean pem = certificate != null || privateKey != null;
    if (pem && keystore != null)
      throw new IllegalArgumentException(
          "TLS: give a certificate and key, or a keystore, not both");
    if (pem && (certificate == null || privateKey == null)) {
      throw new IllegalArgumentException(
          "TLS: a certificate needs its private key and a key its certificate");
    }
  }

  public static TlsConfig pem(Path certificate, Path privateKey) {
    return new TlsConfig(certificate, privateKey, null, null);
  }

  public static TlsConfig keystore(Path keystore, String password) {
    return new TlsConfig(null, null, keystore, password);
  }

  public boolean enabled() {
    return certificate != null || keystore != null;
  }

  /** The key material, loaded and checked (errors name the file). */
  public Loaded load() {
    if (keystore != null) {
      char[] pw = keystorePassword == null ? new char[0] : keystorePassword.toCharArray();
      try {
        KeyStore ks =
            KeyStore.getInstance(
                keystore.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks")
                    ? "JKS"
                    : "PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
          ks.load(in, pw);
        }
        return new Loaded(ks, pw);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "TLS keystore " + keystore + " cannot be read: " + e.getMessage(), e);
      }
    }
    if (certificate == null) throw new IllegalStateException("TLS is not configured");
    List<Certificate> chain = certificates(certificate);
    PrivateKey key = privateKey(privateKey);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("swfd", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
      return new Loaded(ks, IN_MEMORY_PASSWORD.clone());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS: the key in "
              + privateKey
              + " does not go with the certificate in "
              + certificate
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** A keystore ready for Jetty's SslContextFactory. */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  public record Loaded(KeyStore keyStore, char[] password) {}

  private static List<Certificate> certificates(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      List<Certificate> chain =
          new ArrayList<>(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(new ByteArrayInputStream(bytes)));
      if (chain.isEmpty())
        throw new IllegalArgumentException(
            "TLS certificate file " + file + " holds no certificate");
      return chain;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS certificate file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  private static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "TLS key file " + file + " cannot be read: " + e.getMessage(), e);
    }
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "TLS key file " + file + ": broken base64 in " + type, e);
      }
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(der, file);
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(rsaToPkcs8(der), file);
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "TLS key file "
                    + file
                    + " is encrypted; decrypt it (openssl pkcs8 -topk8 -nocrypt) or use a PKCS12 keystore");
        case "EC PRIVATE KEY" ->
            throw new IllegalArgumentException(
                "TLS key file "
                    + file
                    + " holds a SEC1 EC key; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        default -> {
          // e.g. EC PARAMETERS before the key: skip
        }
      }
    }
    throw new IllegalArgumentException("TLS key file " + file + " holds no PEM private key");
  }

  private static PrivateKey pkcs8(byte[] der, Path file) {
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException ignored) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        "TLS key file " + file + ": not an RSA, EC or EdDSA private key");
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  private static byte[] rsaToPkcs8(byte[] pkcs1) {
    byte[] algId = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octet = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algId.length + octet.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algId, 0, body, version.length, algId.length);
    System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] len;
    if (n < 0x80) len = new byte[] {(byte) n};
    else if (n < 0x100) len = new byte[] {(byte) 0x81, (byte) n};
    else if (n < 0x10000) len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    else len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(content, 0, out, 1 + len.length, n);
    return out;
  }

  @Override
  public String toString() {
    return keystore != null
        ? "TlsConfig[keystore " + keystore + "]"
        : certificate != null
            ? "TlsConfig[" + certificate + ", " + privateKey + "]"
            : "TlsConfig[off]";
  }
}
