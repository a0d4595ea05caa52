package io.swfd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.support.RunningSwfd;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI (a real botocore client, signing with SigV4) against a running swfd. Skipped when
 * {@code aws} is not on the PATH.
 */
class AwsCliTest {
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir static Path tmp;

  private static String aws;

  private record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void findAws() throws Exception {
    aws = onPath("aws");
    assumeTrue(aws != null, "the AWS CLI is not on the PATH");
    // A PATH entry may be a shim (pyenv, asdf) with nothing behind it.
    Result v = run(List.of(aws, "--version"));
    assumeTrue(v.exitCode() == 0, "`aws --version` failed: " + v.err());
  }

  @Test
  void registersDescribesAndRefusesATooLongDescription() throws Exception {
    try (RunningSwfd swfd = new RunningSwfd()) {
      String endpoint = swfd.endpoint().toString();

      Result reg =
          awsSwf(
              endpoint,
              "register-domain",
              "--name",
              "cli-domain",
              "--workflow-execution-retention-period-in-days",
              "1",
              "--description",
              "made by the AWS CLI");
      assertThat(reg.exitCode()).as(reg.err()).isZero();

      Result desc = awsSwf(endpoint, "describe-domain", "--name", "cli-domain");
      assertThat(desc.exitCode()).as(desc.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(desc.out());
      assertThat(json.at("/domainInfo/name").asText()).isEqualTo("cli-domain");
      assertThat(json.at("/domainInfo/status").asText()).isEqualTo("REGISTERED");
      assertThat(json.at("/domainInfo/description").asText()).isEqualTo("made by the AWS CLI");
      assertThat(json.at("/domainInfo/arn").asText())
          .isEqualTo("arn:aws:swf:us-east-1:123456789012:/domain/cli-domain");
      assertThat(json.at("/configuration/workflowExecutionRetentionPeriodInDays").asText())
          .isEqualTo("1");

      String tooLong = "d".repeat(1025);
      Result refused =
          awsSwf(
              endpoint,
              "register-domain",
              "--name",
              "cli-domain-long",
              "--workflow-execution-retention-period-in-days",
              "1",
              "--description",
              tooLong);
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err())
          .contains("ValidationException")
          .contains(
              "1 validation error detected: Value '"
                  + tooLong
                  + "' at 'description' failed to satisfy"
                  + " constraint: Member must have length less than or equal to 1024");

      Result missing = awsSwf(endpoint, "describe-domain", "--name", "cli-domain-long");
      assertThat(missing.exitCode()).isNotZero();
      assertThat(missing.err()).contains("UnknownResourceFault");
    }
  }

  private static Result awsSwf(String endpoint, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(aws, "swf"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"));
    return run(cmd);
  }

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "aws", ".out");
    Path err = Files.createTempFile(tmp, "aws", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    // Dummy credentials; nothing from the user's own AWS setup may leak in.
    for (String k :
        List.of(
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN",
            "AWS_ROLE_ARN",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_SWF",
            "AWS_CA_BUNDLE",
            "AWS_DEFAULT_OUTPUT")) {
      env.remove(k);
    }
    env.put("AWS_ACCESS_KEY_ID", "AKIDSWFDCLITEST");
    env.put("AWS_SECRET_ACCESS_KEY", "swfd-cli-test-secret");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_CONFIG_FILE", tmp.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-aws-credentials").toString());
    env.put("AWS_PAGER", "");
    env.put("AWS_MAX_ATTEMPTS", "1");
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          String.join(" ", cmd.subList(0, Math.min(cmd.size(), 3)))
              + " did not finish within "
              + TIMEOUT_SECONDS
              + " s; stderr: "
              + Files.readString(err));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
    }
    return null;
  }
}
