package io.swfd.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swfd.api.Json;
import io.swfd.auth.AuthConfig;
import io.swfd.auth.Credential;
import io.swfd.auth.Policy;
import io.swfd.auth.ProtectedMode;
import io.swfd.auth.ThrottlingConfig;
import io.swfd.auth.TlsConfig;
import io.swfd.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The access-control settings of {@code swfd serve} (README: Access control): credentials and their
 * policies (config file only: {@code auth.credentials}), {@code insecure}, {@code throttling} and
 * {@code tls}, each also a flag or an environment variable except the credentials. Ends with the
 * protected-mode check: without credentials, only a loopback address unless insecure.
 */
public final class AccessSettings {
  public static final String ENV_INSECURE = "SWFD_INSECURE";
  public static final String ENV_THROTTLING = "SWFD_THROTTLING";
  public static final String ENV_TLS_CERT = "SWFD_TLS_CERT";
  public static final String ENV_TLS_KEY = "SWFD_TLS_KEY";
  public static final String ENV_TLS_KEYSTORE = "SWFD_TLS_KEYSTORE";
  public static final String ENV_TLS_KEYSTORE_PASSWORD = "SWFD_TLS_KEYSTORE_PASSWORD";

  /** The config file's top-level keys read here (ConfigResolver reads the others). */
  static final List<String> FILE_KEYS = List.of("auth", "insecure", "throttling", "tls");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Values given as flags; null/false means "not given". */
  public record Flags(
      boolean insecure, String throttling, Path tlsCertificate, Path tlsKey, Path tlsKeystore) {
    public static Flags none() {
      return new Flags(false, null, null, null, null);
    }
  }

  private AccessSettings() {}

  /**
   * @param configFile the {@code --config} file, or null
   * @param cwd what relative flag and environment paths are resolved against (file paths: the
   *     file's directory)
   */
  public static ServerConfig apply(
      ServerConfig config, Flags flags, Map<String, String> env, Path configFile, Path cwd) {
    JsonNode root = configFile == null ? null : read(configFile);
    String file = configFile == null ? null : configFile.getFileName().toString();
    Path fileDir =
        configFile == null ? cwd : cwd.resolve(configFile).toAbsolutePath().normalize().getParent();

    List<Credential> credentials = root == null ? List.of() : credentials(root.get("auth"), file);

    boolean insecure;
    if (flags.insecure()) insecure = true;
    else if (env(env, ENV_INSECURE) != null) insecure = bool(env(env, ENV_INSECURE), ENV_INSECURE);
    else if (root != null && present(root.get("insecure")))
      insecure = bool(scalar(root.get("insecure"), "insecure in " + file), "insecure in " + file);
    else insecure = false;

    ThrottlingConfig throttling;
    if (flags.throttling() != null) throttling = preset(flags.throttling(), "--throttling");
    else if (env(env, ENV_THROTTLING) != null)
      throttling = preset(env(env, ENV_THROTTLING), ENV_THROTTLING);
    else if (root != null && present(root.get("throttling")))
      throttling = throttling(root.get("throttling"), "throttling in " + file);
    else throttling = ThrottlingConfig.OFF;

    TlsConfig tls = tls(flags, env, root == null ? null : root.get("tls"), file, fileDir, cwd);

    AuthConfig auth;
    try {
      auth = new AuthConfig(credentials, insecure, throttling, tls);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("auth in " + file + ": " + e.getMessage(), e);
    }
    if (!auth.required() && !auth.insecure() && !ProtectedMode.isLoopback(config.host())) {
      throw new ConfigException(ProtectedMode.refusal(config.host()));
    }
    return config.withAuth(auth);
  }

  // --- credentials ---

  static List<Credential> credentials(JsonNode auth, String file) {
    if (!present(auth)) return List.of();
    String where = "auth in " + file;
    if (!auth.isObject())
      throw new ConfigException(where + ": expected a mapping with 'credentials'");
    for (Iterator<String> it = auth.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("credentials"))
        throw new ConfigException(where + ": unknown key '" + k + "' (known keys: credentials)");
    }
    JsonNode list = auth.get("credentials");
    if (!present(list)) return List.of();
    if (!list.isArray()) throw new ConfigException(where + ": credentials must be a list");
    List<Credential> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : list) {
      String at = "auth.credentials[" + i++ + "] in " + file;
      if (!c.isObject())
        throw new ConfigException(at + ": expected a mapping with accessKeyId and secretAccessKey");
      Set<String> known =
          Set.of("accessKeyId", "secretAccessKey", "sessionToken", "account", "policy");
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) {
          throw new ConfigException(
              at
                  + ": unknown key '"
                  + k
                  + "' (known keys: accessKeyId, secretAccessKey, sessionToken, account, policy)");
        }
      }
      String keyId = text(c, "accessKeyId", at);
      String secret = text(c, "secretAccessKey", at);
      if (keyId == null || keyId.isBlank())
        throw new ConfigException(at + ": accessKeyId is missing");
      if (secret == null || secret.isEmpty())
        throw new ConfigException(at + ": secretAccessKey of " + keyId + " is missing");
      if (!keyId.matches("[\\x21-\\x7e&&[^/,=]]+")) {
        throw new ConfigException(
            at
                + ": accessKeyId '"
                + keyId
                + "' may only hold printable characters other than / , =");
      }
      String account = text(c, "account", at);
      if (account != null && !account.matches("[0-9]{12}")) {
        throw new ConfigException(
            at + ": account '" + account + "' is not a 12-digit AWS account id");
      }
      Policy policy = null;
      JsonNode p = c.get("policy");
      if (present(p)) {
        try {
          JsonNode doc = p.isTextual() ? Json.MAPPER.readTree(p.asText()) : p;
          policy = Policy.parse(doc);
        } catch (JsonProcessingException e) {
          throw new ConfigException(
              at + ": the policy of " + keyId + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(at + ": the policy of " + keyId + ": " + e.getMessage(), e);
        }
      }
      out.add(new Credential(keyId, secret, text(c, "sessionToken", at), account, policy));
    }
    return out;
  }

  // --- throttling ---

  private static ThrottlingConfig preset(String raw, String source) {
    ThrottlingConfig t = ThrottlingConfig.preset(raw);
    if (t == null)
      throw new ConfigException(source + ": '" + raw + "' is not a throttling preset (aws or off)");
    return t;
  }

  static ThrottlingConfig throttling(JsonNode n, String where) {
    if (n.isValueNode()) return preset(n.asText(), where);
    if (!n.isObject())
      throw new ConfigException(where + ": expected aws, off, or a mapping with preset and rates");
    ThrottlingConfig base = ThrottlingConfig.OFF;
    Map<String, ThrottlingConfig.Rate> rates = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "preset" -> base = preset(scalar(e.getValue(), where + ".preset"), where + ".preset");
        case "rates" -> {
          if (!e.getValue().isObject())
            throw new ConfigException(where + ".rates: expected a mapping of API names");
          for (Iterator<Map.Entry<String, JsonNode>> r = e.getValue().properties().iterator();
              r.hasNext(); ) {
            Map.Entry<String, JsonNode> api = r.next();
            String at = where + ".rates." + api.getKey();
            if (!ThrottlingConfig.isApi(api.getKey()))
              throw new ConfigException(at + ": not an SWF API name");
            JsonNode v = api.getValue();
            if (!v.isObject() || !v.has("bucket") || !v.has("refillPerSecond")) {
              throw new ConfigException(at + ": expected {bucket: N, refillPerSecond: R}");
            }
            try {
              rates.put(
                  api.getKey(),
                  new ThrottlingConfig.Rate(
                      Long.parseLong(v.get("bucket").asText().trim()),
                      Double.parseDouble(v.get("refillPerSecond").asText().trim())));
            } catch (NumberFormatException ex) {
              throw new ConfigException(at + ": bucket and refillPerSecond must be numbers", ex);
            } catch (IllegalArgumentException ex) {
              throw new ConfigException(at + ": " + ex.getMessage(), ex);
            }
          }
        }
        default ->
            throw new ConfigException(
                where + ": unknown key '" + e.getKey() + "' (known keys: preset, rates)");
      }
    }
    return base.with(rates);
  }

  // --- TLS ---

  private static TlsConfig tls(
      Flags flags, Map<String, String> env, JsonNode node, String file, Path fileDir, Path cwd) {
    Path cert = null, key = null, keystore = null;
    String password = env(env, ENV_TLS_KEYSTORE_PASSWORD);
    String source;
    if (flags.tlsCertificate() != null || flags.tlsKey() != null || flags.tlsKeystore() != null) {
      source = "--tls-*";
      cert = resolve(flags.tlsCertificate(), cwd);
      key = resolve(flags.tlsKey(), cwd);
      keystore = resolve(flags.tlsKeystore(), cwd);
    } else if (env(env, ENV_TLS_CERT) != null
        || env(env, ENV_TLS_KEY) != null
        || env(env, ENV_TLS_KEYSTORE) != null) {
      source = "SWFD_TLS_*";
      cert = path(env(env, ENV_TLS_CERT), cwd);
      key = path(env(env, ENV_TLS_KEY), cwd);
      keystore = path(env(env, ENV_TLS_KEYSTORE), cwd);
    } else if (present(node)) {
      source = "tls in " + file;
      if (!node.isObject())
        throw new ConfigException(
            source + ": expected a mapping (certificate and privateKey, or keystore)");
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!Set.of("certificate", "privateKey", "keystore", "keystorePassword").contains(k)) {
          throw new ConfigException(
              source
                  + ": unknown key '"
                  + k
                  + "' (known keys: certificate, privateKey, keystore, keystorePassword)");
        }
      }
      cert = path(text(node, "certificate", source), fileDir);
      key = path(text(node, "privateKey", source), fileDir);
      keystore = path(text(node, "keystore", source), fileDir);
      if (password == null) password = text(node, "keystorePassword", source);
    } else {
      return TlsConfig.NONE;
    }
    TlsConfig tls;
    try {
      tls = new TlsConfig(cert, key, keystore, password);
      if (tls.enabled()) tls.load(); // a broken certificate is a configuration error, found now
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
    return tls;
  }

  // --- helpers ---

  private static JsonNode read(Path file) {
    try {
      String text = Files.readString(file);
      JsonNode root = text.isBlank() ? null : YAML.readTree(text);
      return root != null && root.isObject() ? root : null;
    } catch (IOException e) {
      return null; // ConfigResolver has reported the file's problem already
    }
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode();
  }

  private static String scalar(JsonNode n, String where) {
    if (!n.isValueNode()) throw new ConfigException(where + " must be a single value");
    return n.asText();
  }

  private static String text(JsonNode obj, String field, String where) {
    JsonNode v = obj.get(field);
    if (!present(v)) return null;
    return scalar(v, field + " of " + where);
  }

  private static boolean bool(String raw, String source) {
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(source + ": '" + raw + "' is not true or false");
    };
  }

  private static String env(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Path resolve(Path p, Path base) {
    return p == null ? null : base.resolve(p).toAbsolutePath().normalize();
  }

  private static Path path(String raw, Path base) {
    return raw == null ? null : base.resolve(raw).toAbsolutePath().normalize();
  }
}
