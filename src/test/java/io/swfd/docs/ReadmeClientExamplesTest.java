package io.swfd.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.support.RunningSwfd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.DomainInfo;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;

/**
 * The README's "Client examples" (AWS CLI, boto3, Java SDK v2), taken from README.md as printed and
 * run one after another against one fresh server, so that they stay true: only the endpoint {@code
 * http://127.0.0.1:7777} is replaced by the test server's. The AWS CLI and python3 with boto3 are
 * needed: without them the test is skipped, except on CI ({@code CI=true}), where .ci/run provides
 * them and a missing one fails the test.
 */
class ReadmeClientExamplesTest {
  static final String README_ENDPOINT = "http://127.0.0.1:7777";

  @TempDir Path tmp;

  /** The fenced code blocks of the section "## Client examples", in order: language, then code. */
  static List<String[]> examples() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Client examples\n");
    assertThat(start).as("README.md has a section '## Client examples'").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Matcher m = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```").matcher(section);
    List<String[]> blocks = new ArrayList<>();
    while (m.find()) blocks.add(new String[] {m.group(1), m.group(2)});
    return blocks;
  }

  static void need(boolean present, String what) {
    if ("true".equals(System.getenv("CI")))
      Assertions.assertTrue(present, what + " (CI=true: .ci/run should have provided it)");
    Assumptions.assumeTrue(present, what);
  }

  static boolean works(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void theClientExamplesRunOneAfterAnotherAsPrinted() throws Exception {
    List<String[]> blocks = examples();
    assertThat(blocks).extracting(b -> b[0]).containsExactly("sh", "python", "java");
    need(works("aws", "--version"), "the AWS CLI (aws) is not installed");
    need(works("python3", "-c", "import boto3"), "python3 with boto3 is not installed");

    try (RunningSwfd swfd = new RunningSwfd();
        SwfClient swf = swfd.client()) {
      String endpoint = swfd.endpoint().toString().replaceAll("/$", "");
      List<String> outputs = new ArrayList<>();
      for (String[] block : blocks) {
        assertThat(block[1])
            .as("a %s example uses %s", block[0], README_ENDPOINT)
            .contains(README_ENDPOINT);
        String code = block[1].replace(README_ENDPOINT, endpoint);
        String out =
            switch (block[0]) {
              case "sh" -> run(List.of("bash", "-euo", "pipefail", "-c", code));
              case "python" -> {
                Path file = tmp.resolve("example.py");
                Files.writeString(file, code);
                yield run(List.of("python3", file.toString()));
              }
              default -> runJava(code);
            };
        outputs.add(out);
      }

      assertThat(outputs.get(0)).contains("\"name\": \"orders\"");
      assertThat(outputs.get(1)).contains("'name': 'invoices'", "'orders'", "'invoices'");
      assertThat(outputs.get(2)).contains("Name=shipments", "orders", "invoices");
      assertThat(
              swf
                  .listDomains(r -> r.registrationStatus(RegistrationStatus.REGISTERED))
                  .domainInfos()
                  .stream()
                  .map(DomainInfo::name))
          .containsExactlyInAnyOrder("orders", "invoices", "shipments");
    }
  }

  /** Runs a command with a clean AWS environment (no profile, config or keys of the machine's). */
  String run(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    env.put("HOME", home.toString());
    env.put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
    env.put("AWS_PAGER", "");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(2, TimeUnit.MINUTES);
    if (!done) p.destroyForcibly();
    System.out.println(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 4))) + "\n" + out);
    assertThat(done).as("%s finished", cmd.get(0)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", cmd.get(0), out).isZero();
    return out;
  }

  /**
   * The Java example: its imports, then its statements as the body of a main method, compiled
   * against the test class path and run in this JVM with its output captured.
   */
  String runJava(String code) throws Exception {
    String imports =
        code.lines().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
    String body =
        code.lines().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
    String source =
        imports
            + "\npublic class ReadmeExample {\n"
            + "  public static void main(String[] args) throws Exception {\n"
            + body
            + "\n  }\n}\n";
    Path src = tmp.resolve("src/ReadmeExample.java");
    Path classes = tmp.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "-classpath",
            classpath,
            "-d",
            classes.toString(),
            src.toString());
    assertThat(rc).as("javac: %s\n%s", diagnostics, source).isZero();

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("ReadmeExample").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.println("java ReadmeExample\n" + out);
    return out;
  }
}
