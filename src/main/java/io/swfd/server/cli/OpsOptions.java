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
        "Default: $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1."
      })
  String region;

  @Option(names = "--json", description = "Print the API's JSON answer instead of a table.")
  boolean json;
}
