package io.swfd.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may call swfd and how it is reached: the accepted credentials (none: nobody needs to sign,
 * and swfd listens on loopback only unless {@code insecure}), API throttling and HTTPS.
 *
 * @param credentials the access keys; once there is one, every request must be signed with one of
 *     them
 * @param insecure allow listening on a non-loopback address without credentials (logs a warning)
 * @param throttling token buckets per account and API ({@link ThrottlingConfig#OFF} by default)
 * @param tls HTTPS certificate and key ({@link TlsConfig#NONE}: plain HTTP)
 */
public record AuthConfig(
    List<Credential> credentials, boolean insecure, ThrottlingConfig throttling, TlsConfig tls) {
  public static final AuthConfig NONE =
      new AuthConfig(List.of(), false, ThrottlingConfig.OFF, TlsConfig.NONE);

  public AuthConfig {
    credentials = List.copyOf(credentials == null ? List.of() : credentials);
    if (throttling == null) throttling = ThrottlingConfig.OFF;
    if (tls == null) tls = TlsConfig.NONE;
    Set<String> ids = new HashSet<>();
    for (Credential c : credentials) {
      if (!ids.add(c.accessKeyId()))
        throw new IllegalArgumentException(
            "access key " + c.accessKeyId() + " is configured twice");
    }
  }

  public static AuthConfig of(Credential... credentials) {
    return new AuthConfig(List.of(credentials), false, ThrottlingConfig.OFF, TlsConfig.NONE);
  }

  /** Whether requests must be signed. */
  public boolean required() {
    return !credentials.isEmpty();
  }

  public AuthConfig withCredentials(List<Credential> c) {
    return new AuthConfig(c, insecure, throttling, tls);
  }

  public AuthConfig withInsecure(boolean on) {
    return new AuthConfig(credentials, on, throttling, tls);
  }

  public AuthConfig withThrottling(ThrottlingConfig t) {
    return new AuthConfig(credentials, insecure, t, tls);
  }

  public AuthConfig withTls(TlsConfig t) {
    return new AuthConfig(credentials, insecure, throttling, t);
  }
}
