package io.swfd.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swfd.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Merges the four sources of a server setting, strongest first: a command-line flag, an environment
 * variable, the YAML file given with {@code --config}, the built-in default. Each value is checked
 * where it is read, so an error names its source ({@code --port}, {@code SWFD_PORT}, {@code port in
 * swfd.yaml}).
 *
 * <p>Relative paths: a {@code --data-dir} flag or {@code SWFD_DATA_DIR} is relative to the current
 * directory; a {@code dataDir} in the YAML file is relative to the file's own directory, so a
 * config file means the same thing wherever swfd is started from.
 */
public final class ConfigResolver {
  public static final String ENV_HOST = "SWFD_HOST";
  public static final String ENV_PORT = "SWFD_PORT";
  public static final String ENV_DATA_DIR = "SWFD_DATA_DIR";
  public static final String ENV_ACCOUNT = "SWFD_ACCOUNT";
  public static final String ENV_POLL_TIMEOUT = "SWFD_POLL_TIMEOUT";
  public static final String ENV_STORE = "SWFD_STORE";

  /**
   * Compile-time copies of the defaults for help texts; a test checks they match {@link
   * ServerConfig}.
   */
  public static final String DEFAULT_HOST = ServerConfig.DEFAULT_HOST;

  public static final int DEFAULT_PORT = ServerConfig.DEFAULT_PORT;
  public static final String DEFAULT_DATA_DIR = "./swfd-data";
  public static final String DEFAULT_ACCOUNT = ServerConfig.DEFAULT_ACCOUNT;
  public static final int DEFAULT_POLL_TIMEOUT_SECONDS = 55;
  public static final int MAX_POLL_TIMEOUT_SECONDS = 60;

  /** Values given as flags; null means "not given". */
  public record Flags(
      String host,
      Integer port,
      Path dataDir,
      String account,
      Integer pollTimeoutSeconds,
      String store) {
    public Flags(
        String host, Integer port, Path dataDir, String account, Integer pollTimeoutSeconds) {
      this(host, port, dataDir, account, pollTimeoutSeconds, null);
    }

    public static Flags none() {
      return new Flags(null, null, null, null, null);
    }
  }

  /** The YAML file's keys, as written (all optional; any other key is an error, to catch typos). */
  record FileConfig(
      String host,
      String port,
      String dataDir,
      String account,
      String pollTimeoutSeconds,
      String store) {
    static final FileConfig EMPTY = new FileConfig(null, null, null, null, null, null);
    static final List<String> KEYS =
        List.of("host", "port", "dataDir", "account", "pollTimeoutSeconds", "store");
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigResolver() {}

  /**
   * @param flags values given on the command line
   * @param env the process environment (empty values count as unset)
   * @param configFile the {@code --config} file, or null
   * @param cwd the directory relative flag and environment paths are resolved against
   */
  public static ServerConfig resolve(
      Flags flags, Map<String, String> env, Path configFile, Path cwd) {
    FileConfig file = configFile == null ? FileConfig.EMPTY : readFile(configFile);
    String fileName = configFile == null ? null : configFile.getFileName().toString();
    Path fileDir = configFile == null ? cwd : absolute(configFile, cwd).getParent();

    String host =
        pick(
            flags.host(),
            "--host",
            env(env, ENV_HOST),
            ENV_HOST,
            file.host(),
            inFile("host", fileName),
            DEFAULT_HOST,
            ConfigResolver::host);
    int port =
        pick(
            flags.port(),
            "--port",
            env(env, ENV_PORT),
            ENV_PORT,
            file.port(),
            inFile("port", fileName),
            DEFAULT_PORT,
            ConfigResolver::port);
    String account =
        pick(
            flags.account(),
            "--account",
            env(env, ENV_ACCOUNT),
            ENV_ACCOUNT,
            file.account(),
            inFile("account", fileName),
            DEFAULT_ACCOUNT,
            ConfigResolver::account);
    int pollTimeout =
        pick(
            flags.pollTimeoutSeconds(),
            "--poll-timeout",
            env(env, ENV_POLL_TIMEOUT),
            ENV_POLL_TIMEOUT,
            file.pollTimeoutSeconds(),
            inFile("pollTimeoutSeconds", fileName),
            DEFAULT_POLL_TIMEOUT_SECONDS,
            ConfigResolver::pollTimeout);

    Path dataDir;
    if (flags.dataDir() != null) {
      dataDir = dataDir(flags.dataDir().toString(), "--data-dir", cwd);
    } else if (env(env, ENV_DATA_DIR) != null) {
      dataDir = dataDir(env(env, ENV_DATA_DIR), ENV_DATA_DIR, cwd);
    } else if (file.dataDir() != null) {
      dataDir = dataDir(file.dataDir(), inFile("dataDir", fileName), fileDir);
    } else {
      dataDir = dataDir(DEFAULT_DATA_DIR, "default", cwd);
    }

    String store =
        pick(
            flags.store(),
            "--store",
            env(env, ENV_STORE),
            ENV_STORE,
            file.store(),
            inFile("store", fileName),
            null,
            ConfigResolver::store);

    return new ServerConfig(host, port, dataDir, account, Duration.ofSeconds(pollTimeout), false)
        .withStore(store);
  }

  // --- sources ---

  private static <T> T pick(
      Object flag,
      String flagName,
      String envValue,
      String envName,
      Object fileValue,
      String fileKey,
      T fallback,
      Validator<T> validate) {
    if (flag != null) return validate.apply(flag.toString(), flagName);
    if (envValue != null) return validate.apply(envValue, envName);
    if (fileValue != null) return validate.apply(fileValue.toString(), fileKey);
    return fallback;
  }

  @FunctionalInterface
  private interface Validator<T> {
    T apply(String raw, String source);
  }

  private static String env(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String inFile(String key, String fileName) {
    return key + " in " + fileName;
  }

  static FileConfig readFile(Path file) {
    JsonNode root;
    try {
      String text = Files.readString(file);
      root = text.isBlank() ? null : YAML.readTree(text);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e, e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) return FileConfig.EMPTY;
    if (!root.isObject()) {
      throw new ConfigException(
          file + ": expected a mapping of keys (" + String.join(", ", FileConfig.KEYS) + ")");
    }
    Map<String, String> values = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (LambdaSettings.FILE_KEY.equals(e.getKey())) continue; // lambda: LambdaSettings
      if (AccessSettings.FILE_KEYS.contains(e.getKey()))
        continue; // auth, insecure, throttling, tls: AccessSettings
      if (RunSettings.FILE_KEYS.contains(e.getKey()))
        continue; // ephemeral, domains, logLevel, logFormat, accessLog: RunSettings
      if (!FileConfig.KEYS.contains(e.getKey())) {
        throw new ConfigException(
            file
                + ": unknown key '"
                + e.getKey()
                + "' (known keys: "
                + String.join(", ", FileConfig.KEYS)
                + ", "
                + String.join(", ", AccessSettings.FILE_KEYS)
                + ", "
                + String.join(", ", RunSettings.FILE_KEYS)
                + ", lambda)");
      }
      JsonNode v = e.getValue();
      if (v.isNull()) continue;
      if (!v.isValueNode())
        throw new ConfigException(file + ": " + e.getKey() + " must be a single value");
      values.put(e.getKey(), v.asText());
    }
    return new FileConfig(
        values.get("host"),
        values.get("port"),
        values.get("dataDir"),
        values.get("account"),
        values.get("pollTimeoutSeconds"),
        values.get("store"));
  }

  // --- checks ---

  private static String host(String raw, String source) {
    String h = raw.trim();
    if (h.isEmpty() || h.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(source + ": '" + raw + "' is not a host name or address");
    }
    return h;
  }

  private static int port(String raw, String source) {
    int p = integer(raw, source);
    if (p < 0 || p > 65535)
      throw new ConfigException(source + ": port " + p + " is outside 0-65535");
    return p;
  }

  private static String account(String raw, String source) {
    String a = raw.trim();
    if (!a.matches("[0-9]{12}"))
      throw new ConfigException(source + ": '" + raw + "' is not a 12-digit AWS account id");
    return a;
  }

  private static int pollTimeout(String raw, String source) {
    int s = integer(raw, source);
    if (s < 1 || s > MAX_POLL_TIMEOUT_SECONDS) {
      throw new ConfigException(
          source
              + ": poll timeout "
              + s
              + " s is outside 1-"
              + MAX_POLL_TIMEOUT_SECONDS
              + " seconds");
    }
    return s;
  }

  /** {@code sqlite} (the default: null) or a PostgreSQL URL; the message never shows a password. */
  private static String store(String raw, String source) {
    String s = raw.trim();
    if (s.equalsIgnoreCase("sqlite")) return null;
    if (!io.swfd.store.postgres.PostgresUrl.isPostgres(s)) {
      throw new ConfigException(
          source + ": the store must be sqlite or postgresql://user:password@host:port/database");
    }
    try {
      io.swfd.store.postgres.PostgresUrl.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
    return s;
  }

  private static int integer(String raw, String source) {
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(source + ": '" + raw + "' is not a whole number");
    }
  }

  private static Path dataDir(String raw, String source, Path base) {
    if (raw.isBlank()) throw new ConfigException(source + ": the data directory must not be empty");
    try {
      String home = System.getProperty("user.home");
      if (raw.equals("~")) raw = home;
      else if (raw.startsWith("~/")) raw = home + raw.substring(1);
      return base.resolve(Path.of(raw)).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw new ConfigException(source + ": '" + raw + "' is not a valid path");
    }
  }

  private static Path absolute(Path p, Path cwd) {
    return cwd.resolve(p).toAbsolutePath().normalize();
  }
}
