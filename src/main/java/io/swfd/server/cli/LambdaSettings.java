package io.swfd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swfd.lambda.LambdaConfig;
import io.swfd.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Where Lambda tasks run (README: Configuration, Lambda tasks): {@code --lambda-endpoint} / {@code
 * SWFD_LAMBDA_ENDPOINT} / {@code lambda.endpoint}, the region and the credentials that sign the
 * Invoke calls ({@code SWFD_LAMBDA_ACCESS_KEY_ID}, {@code SWFD_LAMBDA_SECRET_ACCESS_KEY} or {@code
 * lambda.accessKeyId} / {@code lambda.secretAccessKey}). First set wins: flag, environment, file.
 */
final class LambdaSettings {
  static final String FILE_KEY = "lambda";
  static final String ENV_ENDPOINT = "SWFD_LAMBDA_ENDPOINT";
  static final String ENV_REGION = "SWFD_LAMBDA_REGION";
  static final String ENV_ACCESS_KEY_ID = "SWFD_LAMBDA_ACCESS_KEY_ID";
  static final String ENV_SECRET_ACCESS_KEY = "SWFD_LAMBDA_SECRET_ACCESS_KEY";
  private static final Set<String> FILE_MEMBERS =
      Set.of("endpoint", "region", "accessKeyId", "secretAccessKey");

  private LambdaSettings() {}

  static ServerConfig apply(
      ServerConfig config,
      String endpointFlag,
      String regionFlag,
      Map<String, String> env,
      Path configFile) {
    JsonNode file = configFile == null ? null : section(configFile);
    String endpoint = first(endpointFlag, env.get(ENV_ENDPOINT), text(file, "endpoint"));
    if (endpoint == null) return config;
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new ConfigException(
          "Lambda endpoint '" + endpoint + "' must be an http:// or https:// URL");
    }
    String region = first(regionFlag, env.get(ENV_REGION), text(file, "region"));
    return config.withLambda(
        new LambdaConfig(
            endpoint,
            region == null ? "us-east-1" : region,
            first(null, env.get(ENV_ACCESS_KEY_ID), text(file, "accessKeyId")),
            first(null, env.get(ENV_SECRET_ACCESS_KEY), text(file, "secretAccessKey"))));
  }

  private static JsonNode section(Path configFile) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
      JsonNode lambda = root == null ? null : root.get(FILE_KEY);
      if (lambda == null || lambda.isNull()) return null;
      if (!lambda.isObject())
        throw new ConfigException(configFile.getFileName() + ": lambda must be a mapping");
      lambda
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!FILE_MEMBERS.contains(k)) {
                  throw new ConfigException(
                      configFile.getFileName()
                          + ": unknown key lambda."
                          + k
                          + " (known: "
                          + FILE_MEMBERS
                          + ")");
                }
              });
      return lambda;
    } catch (IOException e) {
      throw new ConfigException(configFile + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String member) {
    JsonNode v = n == null ? null : n.get(member);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
  }
}
