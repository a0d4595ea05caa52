package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swfd.api.Json;
import io.swfd.server.DomainSeed;
import io.swfd.server.LogSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code swfd serve} runs, beyond the server's own configuration (README: Configuration, Logs):
 * {@code --ephemeral}, the domains to register at start ({@code --domain NAME[:RETENTION_DAYS]},
 * {@code SWFD_DOMAINS}, {@code domains:} with their types in the file), {@code --log-level}, {@code
 * --log-format} and {@code --access-log}. First set wins: flag, environment, file; the domains of
 * all three are registered.
 */
final class RunSettings {
  static final String ENV_EPHEMERAL = "SWFD_EPHEMERAL";
  static final String ENV_DOMAINS = "SWFD_DOMAINS";
  static final String ENV_LOG_LEVEL = "SWFD_LOG_LEVEL";
  static final String ENV_LOG_FORMAT = "SWFD_LOG_FORMAT";
  static final String ENV_ACCESS_LOG = "SWFD_ACCESS_LOG";

  /** The config file's top-level keys read here. */
  static final List<String> FILE_KEYS =
      List.of("ephemeral", "domains", "logLevel", "logFormat", "accessLog");

  private static final Set<String> DOMAIN_MEMBERS =
      Set.of("name", "retentionDays", "description", "region", "workflowTypes", "activityTypes");
  private static final Pattern DOMAIN_SPEC = Pattern.compile("([^:]+)(?::(.*))?");

  /** Values given as flags; null/false/empty means "not given". */
  record Flags(
      boolean ephemeral,
      List<String> domains,
      String logLevel,
      String logFormat,
      boolean accessLog) {}

  /**
   * The resolved settings.
   *
   * @param logLevel one of {@link LogSetup#LEVELS}, or null when not set (logging stays as it is)
   * @param jsonLogs {@code --log-format json}
   */
  record Settings(
      boolean ephemeral,
      List<DomainSeed> domains,
      String logLevel,
      boolean jsonLogs,
      boolean accessLog) {}

  private RunSettings() {}

  static Settings resolve(Flags flags, Map<String, String> env, Path configFile) {
    JsonNode root = configFile == null ? null : read(configFile);
    String file = configFile == null ? null : configFile.getFileName().toString();

    boolean ephemeral = flags.ephemeral() || bool(env, ENV_EPHEMERAL, root, "ephemeral", file);
    boolean accessLog = flags.accessLog() || bool(env, ENV_ACCESS_LOG, root, "accessLog", file);

    String level = null;
    String levelSource = null;
    if (flags.logLevel() != null) {
      level = flags.logLevel();
      levelSource = "--log-level";
    } else if (env(env, ENV_LOG_LEVEL) != null) {
      level = env(env, ENV_LOG_LEVEL);
      levelSource = ENV_LOG_LEVEL;
    } else if (root != null && present(root.get("logLevel"))) {
      level = root.get("logLevel").asText();
      levelSource = "logLevel in " + file;
    }
    if (level != null) {
      String l = LogSetup.level(level);
      if (l == null) {
        throw new ConfigException(
            levelSource
                + ": '"
                + level
                + "' is not a log level ("
                + String.join(", ", LogSetup.LEVELS)
                + ")");
      }
      level = l;
    }

    String format = "text";
    String formatSource = null;
    if (flags.logFormat() != null) {
      format = flags.logFormat();
      formatSource = "--log-format";
    } else if (env(env, ENV_LOG_FORMAT) != null) {
      format = env(env, ENV_LOG_FORMAT);
      formatSource = ENV_LOG_FORMAT;
    } else if (root != null && present(root.get("logFormat"))) {
      format = root.get("logFormat").asText();
      formatSource = "logFormat in " + file;
    }
    format = format.trim().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException(formatSource + ": '" + format + "' is not text or json");
    }

    // every source's domains; the first mention of a domain sets its retention and description
    Map<String, DomainSeed> domains = new LinkedHashMap<>();
    for (String spec : flags.domains() == null ? List.<String>of() : flags.domains()) {
      add(domains, spec(spec, "--domain"));
    }
    if (env(env, ENV_DOMAINS) != null) {
      for (String spec : env(env, ENV_DOMAINS).split(",")) {
        if (!spec.isBlank()) add(domains, spec(spec.trim(), ENV_DOMAINS));
      }
    }
    if (root != null && present(root.get("domains"))) {
      JsonNode list = root.get("domains");
      if (!list.isArray()) throw new ConfigException(file + ": domains must be a list");
      for (JsonNode d : list) add(domains, fileDomain(d, file));
    }
    return new Settings(
        ephemeral, List.copyOf(domains.values()), level, format.equals("json"), accessLog);
  }

  private static void add(Map<String, DomainSeed> seeds, DomainSeed s) {
    String key = s.region() + "/" + s.name();
    DomainSeed before = seeds.get(key);
    if (before == null) {
      seeds.put(key, s);
      return;
    }
    List<ObjectNode> workflows = new ArrayList<>(before.workflowTypes());
    workflows.addAll(s.workflowTypes());
    List<ObjectNode> activities = new ArrayList<>(before.activityTypes());
    activities.addAll(s.activityTypes());
    seeds.put(
        key,
        new DomainSeed(
            before.region(),
            before.name(),
            before.retentionDays(),
            before.description() != null ? before.description() : s.description(),
            workflows,
            activities));
  }

  /** {@code NAME[:RETENTION_DAYS]}, the days 0-90 or NONE. */
  static DomainSeed spec(String spec, String source) {
    Matcher m = DOMAIN_SPEC.matcher(spec.trim());
    if (spec.isBlank() || !m.matches() || m.group(1).isBlank()) {
      throw new ConfigException(
          source + ": '" + spec + "' is not NAME or NAME:RETENTION_DAYS (e.g. orders:7)");
    }
    return DomainSeed.of(m.group(1).trim(), retention(m.group(2), source + " " + spec));
  }

  private static String retention(String raw, String source) {
    if (raw == null) return DomainSeed.DEFAULT_RETENTION_DAYS;
    String r = raw.trim();
    if (r.equalsIgnoreCase("NONE")) return "NONE";
    try {
      int days = Integer.parseInt(r);
      if (days >= 0 && days <= 90) return Integer.toString(days);
    } catch (NumberFormatException e) {
      // below
    }
    throw new ConfigException(
        source + ": the retention must be a number of days from 0 to 90, or NONE");
  }

  private static DomainSeed fileDomain(JsonNode d, String file) {
    if (d.isValueNode()) return spec(d.asText(), "domains in " + file);
    if (!d.isObject()) throw new ConfigException(file + ": each of domains is a name or a mapping");
    for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!DOMAIN_MEMBERS.contains(k)) {
        throw new ConfigException(
            file + ": unknown key domains[]." + k + " (known: " + DOMAIN_MEMBERS + ")");
      }
    }
    String name = d.path("name").asText("");
    if (name.isBlank()) throw new ConfigException(file + ": a domain in domains has no name");
    String where = "domain " + name + " in " + file;
    return new DomainSeed(
        present(d.get("region")) ? d.get("region").asText().trim() : null,
        name.trim(),
        retention(present(d.get("retentionDays")) ? d.get("retentionDays").asText() : null, where),
        present(d.get("description")) ? d.get("description").asText() : null,
        types(d.get("workflowTypes"), where + ": workflowTypes"),
        types(d.get("activityTypes"), where + ": activityTypes"));
  }

  /**
   * Register*Type requests as written; numbers become strings (every default of a type is a string
   * in the API) and {@code defaultTaskList: NAME} stands for {@code defaultTaskList: {name: NAME}}.
   */
  private static List<ObjectNode> types(JsonNode list, String where) {
    if (!present(list)) return List.of();
    if (!list.isArray()) throw new ConfigException(where + " must be a list");
    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode t : list) {
      if (!t.isObject() || !present(t.get("name")) || !present(t.get("version"))) {
        throw new ConfigException(where + ": each type is a mapping with a name and a version");
      }
      ObjectNode o = Json.object();
      for (Map.Entry<String, JsonNode> e : t.properties()) {
        JsonNode v = e.getValue();
        if (e.getKey().equals("defaultTaskList") && v.isValueNode()) {
          o.set(e.getKey(), Json.object().put("name", v.asText()));
        } else if (v.isNumber() || v.isBoolean()) {
          o.put(e.getKey(), v.asText());
        } else {
          o.set(e.getKey(), v);
        }
      }
      out.add(o);
    }
    return out;
  }

  private static JsonNode read(Path configFile) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
      return root == null || !root.isObject() ? null : root;
    } catch (IOException e) {
      throw new ConfigException(configFile + ": " + e.getMessage());
    }
  }

  private static boolean bool(
      Map<String, String> env, String envName, JsonNode root, String key, String file) {
    String v = env(env, envName);
    String source = envName;
    if (v == null && root != null && present(root.get(key))) {
      v = root.get(key).asText();
      source = key + " in " + file;
    }
    if (v == null) return false;
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(source + ": '" + v + "' is not true or false");
    };
  }

  private static String env(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode();
  }
}
