package io.swfd.server.cli;

import picocli.CommandLine.Option;

/** Where the operator commands find the server (a picocli mixin). */
final class OpsOptions {
  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = {
        "The running swfd, e.g. http://127.0.0.1:7777.",
        "Default: $" + OpsClient.ENV_ENDPOINT + ", else " + OpsClient.DEFAULT_ENDPOINT + "."
      })
  String endpoint;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = {
        "The region whose state to show (each region has its own domains).",
        "Default: $AWS_REGION, else $AWS_DEFAULT_REGION, else the profile's region, else us-east-1."
      })
  String region;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = {
        "Sign with this profile's keys from ~/.aws/credentials (or ~/.aws/config).",
        "Default: the keys in $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY, else the profile "
            + "$AWS_PROFILE, else default."
      })
  String profile;

  @Option(
      names = "--ca-bundle",
      paramLabel = "FILE",
      description = {
        "PEM file of the certificate(s) to trust for an https:// endpoint (e.g. swfd's "
            + "self-signed certificate) instead of Java's default trust store.",
        "Default: $AWS_CA_BUNDLE."
      })
  java.nio.file.Path caBundle;

  @Option(
      names = "--no-verify-ssl",
      description =
          "Do not check the server's TLS certificate (name and issuer). For testing only.")
  boolean noVerifySsl;

  @Option(names = "--json", description = "Print the API's JSON answer instead of a table.")
  boolean json;
}
