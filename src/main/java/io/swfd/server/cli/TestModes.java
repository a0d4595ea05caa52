package io.swfd.server.cli;

import io.swfd.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The two test modes of {@code swfd serve}: {@code --time-control} (a virtual clock moved through
 * {@code /swfd/admin/clock}) and {@code --moto-compat} (moto's server-mode conventions). Each is on
 * when its flag is given or its environment variable is {@code true}/{@code 1}.
 */
final class TestModes {
  static final String ENV_TIME_CONTROL = "SWFD_TIME_CONTROL";
  static final String ENV_MOTO_COMPAT = "SWFD_MOTO_COMPAT";

  /**
   * How long an idle poll is held in moto-compatible mode unless a poll timeout is set: moto
   * answers at once.
   */
  static final Duration MOTO_POLL_HOLD = Duration.ofSeconds(1);

  private TestModes() {}

  /**
   * @param pollTimeoutFlagGiven whether {@code --poll-timeout} was on the command line
   * @param configFile the {@code --config} file, or null
   */
  static ServerConfig apply(
      ServerConfig config,
      boolean timeControlFlag,
      boolean motoCompatFlag,
      boolean pollTimeoutFlagGiven,
      Map<String, String> env,
      Path configFile) {
    boolean timeControl = timeControlFlag || bool(env, ENV_TIME_CONTROL);
    boolean moto = motoCompatFlag || bool(env, ENV_MOTO_COMPAT);
    ServerConfig c = config.withTimeControl(timeControl).withMotoCompat(moto);
    if (moto
        && !pollTimeoutFlagGiven
        && blank(env.get(ConfigResolver.ENV_POLL_TIMEOUT))
        && (configFile == null
            || ConfigResolver.readFile(configFile).pollTimeoutSeconds() == null)) {
      c = c.withPollTimeout(MOTO_POLL_HOLD);
    }
    return c;
  }

  /**
   * After the access settings: moto's server accepts any signature, and so must a server in
   * moto-compatible mode, so it cannot also have credentials (that would either break the suites
   * pointed at it or silently open a server its owner meant to protect).
   */
  static void check(ServerConfig config) {
    if (config.motoCompat() && config.auth() != null && config.auth().required()) {
      throw new ConfigException(
          "--moto-compat accepts any signature, as moto does: it cannot be used with auth.credentials");
    }
  }

  private static boolean bool(Map<String, String> env, String name) {
    String v = env.get(name);
    if (blank(v)) return false;
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(name + ": '" + v + "' is not true or false");
    };
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
