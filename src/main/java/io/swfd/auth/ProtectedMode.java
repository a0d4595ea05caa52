package io.swfd.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Protected mode: a server without credentials accepts any request, so it listens only on a
 * loopback address unless the operator says {@code --insecure} ({@code insecure: true}), which is
 * logged as a warning.
 */
public final class ProtectedMode {
  private static final Logger log = LoggerFactory.getLogger(ProtectedMode.class);

  private ProtectedMode() {}

  /**
   * @throws IllegalStateException when the server must not start this way
   */
  public static void check(String host, AuthConfig auth) {
    if (auth.required() || isLoopback(host)) return;
    if (!auth.insecure()) throw new IllegalStateException(refusal(host));
    log.warn(
        "listening on {} without credentials (--insecure): anyone who can reach this address can read and change "
            + "every workflow; configure auth.credentials to require signed requests",
        host);
  }

  /**
   * Also warns when the test modes' endpoints ({@code /swfd/admin/clock}, {@code /moto-api/reset}),
   * which check no signatures, run next to credentials.
   */
  public static void check(String host, AuthConfig auth, boolean testEndpoints) {
    check(host, auth);
    if (testEndpoints && (auth.required() || !isLoopback(host))) {
      log.warn(
          "--time-control / --moto-compat endpoints check no signatures: anyone who can reach {} can move the clock "
              + "or reset all state",
          host);
    }
  }

  public static String refusal(String host) {
    return "refusing to listen on "
        + host
        + " without credentials: anyone who can reach it could read and change every "
        + "workflow. Listen on 127.0.0.1, configure auth.credentials in the config file (README: Access control), "
        + "or pass --insecure (insecure: true) to accept unsigned requests from the network anyway";
  }

  /** Whether every address {@code host} names is a loopback address (an unknown name is not). */
  public static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) return false;
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    try {
      InetAddress[] all = InetAddress.getAllByName(h);
      if (all.length == 0) return false;
      for (InetAddress a : all) if (!a.isLoopbackAddress()) return false;
      return true;
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
