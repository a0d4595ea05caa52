package io.swfd.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The operator commands' keys, from where the AWS CLI finds them: {@code --profile}, else the
 * environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code
 * AWS_SESSION_TOKEN}), else the profile {@code AWS_PROFILE} (or {@code default}) of the shared
 * credentials file ({@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}) and the
 * config file ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}, section {@code [profile
 * NAME]}). Without any, placeholder keys: a server without credentials accepts any key.
 */
final class AwsCredentials {
  /** The keys to sign with; {@code sessionToken} may be null. */
  record Keys(String accessKeyId, String secretAccessKey, String sessionToken) {
    static final Keys ANONYMOUS = new Keys("swfd", "swfd", null);
  }

  /**
   * One profile's values from the two files (each may be null).
   *
   * @param name the profile
   * @param explicit named by {@code --profile} (then it must exist)
   */
  record Profile(
      String name,
      boolean explicit,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String region,
      String files) {
    boolean hasKeys() {
      return accessKeyId != null && secretAccessKey != null;
    }
  }

  private AwsCredentials() {}

  static Profile profile(String flag, Map<String, String> env) {
    boolean explicit = !blank(flag);
    String name = explicit ? flag.trim() : first(env.get("AWS_PROFILE"), "default");
    String home = first(env.get("HOME"), System.getProperty("user.home"));
    Path credentials =
        Path.of(first(env.get("AWS_SHARED_CREDENTIALS_FILE"), home + "/.aws/credentials"));
    Path config = Path.of(first(env.get("AWS_CONFIG_FILE"), home + "/.aws/config"));
    Map<String, String> fromCredentials = section(credentials, name);
    Map<String, String> fromConfig =
        section(config, name.equals("default") ? "default" : "profile " + name);
    Map<String, String> merged = new HashMap<>(fromConfig);
    merged.putAll(fromCredentials); // the credentials file wins, as in the AWS CLI
    return new Profile(
        name,
        explicit,
        merged.get("aws_access_key_id"),
        merged.get("aws_secret_access_key"),
        merged.get("aws_session_token"),
        fromConfig.get("region"),
        credentials + " or " + config);
  }

  static Keys keys(String flag, Map<String, String> env, Profile p) {
    if (p.explicit()) {
      if (!p.hasKeys()) {
        throw new ConfigException(
            "--profile "
                + p.name()
                + ": no aws_access_key_id and aws_secret_access_key for it in "
                + p.files());
      }
      return new Keys(p.accessKeyId(), p.secretAccessKey(), p.sessionToken());
    }
    if (!blank(env.get("AWS_ACCESS_KEY_ID")) && !blank(env.get("AWS_SECRET_ACCESS_KEY"))) {
      return new Keys(
          env.get("AWS_ACCESS_KEY_ID").trim(),
          env.get("AWS_SECRET_ACCESS_KEY").trim(),
          blank(env.get("AWS_SESSION_TOKEN")) ? null : env.get("AWS_SESSION_TOKEN").trim());
    }
    if (p.hasKeys()) return new Keys(p.accessKeyId(), p.secretAccessKey(), p.sessionToken());
    return Keys.ANONYMOUS;
  }

  /** The {@code key = value} lines of {@code [section]} in an INI file (empty if none). */
  static Map<String, String> section(Path file, String section) {
    Map<String, String> values = new HashMap<>();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return values;
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    boolean in = false;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[") && line.endsWith("]")) {
        in = line.substring(1, line.length() - 1).strip().equals(section);
        continue;
      }
      int eq = line.indexOf('=');
      if (in && eq > 0) {
        values.put(
            line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
      }
    }
    return values;
  }

  private static String first(String... values) {
    for (String v : values) if (!blank(v)) return v.trim();
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
