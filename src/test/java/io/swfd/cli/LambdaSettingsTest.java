package io.swfd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.server.ServerConfig;
import io.swfd.server.cli.ConfigException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaSettingsTest {
  @TempDir Path dir;

  private static ServerConfig apply(
      String endpointFlag, String regionFlag, Map<String, String> env, Path file) throws Exception {
    Class<?> c = Class.forName("io.swfd.server.cli.LambdaSettings");
    Method m =
        c.getDeclaredMethod(
            "apply", ServerConfig.class, String.class, String.class, Map.class, Path.class);
    m.setAccessible(true);
    try {
      return (ServerConfig)
          m.invoke(null, ServerConfig.defaults(), endpointFlag, regionFlag, env, file);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void noEndpointMeansNoLambda() throws Exception {
    assertThat(apply(null, null, Map.of(), null).lambda().enabled()).isFalse();
  }

  @Test
  void flagBeatsEnvironmentBeatsFile() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("swfd.yaml"),
            """
                lambda:
                  endpoint: http://file:1
                  region: eu-west-1
                  accessKeyId: AKIDFILE
                  secretAccessKey: file-secret
                """);
    assertThat(apply(null, null, Map.of(), file).lambda())
        .satisfies(
            l -> {
              assertThat(l.endpoint()).isEqualTo("http://file:1");
              assertThat(l.region()).isEqualTo("eu-west-1");
              assertThat(l.accessKeyId()).isEqualTo("AKIDFILE");
            });
    assertThat(
            apply(
                    null,
                    null,
                    Map.of(
                        "SWFD_LAMBDA_ENDPOINT",
                        "http://env:2",
                        "SWFD_LAMBDA_ACCESS_KEY_ID",
                        "AKIDENV"),
                    file)
                .lambda())
        .satisfies(
            l -> {
              assertThat(l.endpoint()).isEqualTo("http://env:2");
              assertThat(l.accessKeyId()).isEqualTo("AKIDENV");
            });
    assertThat(
            apply(
                    "http://flag:3",
                    "us-west-2",
                    Map.of("SWFD_LAMBDA_ENDPOINT", "http://env:2"),
                    file)
                .lambda())
        .satisfies(
            l -> {
              assertThat(l.endpoint()).isEqualTo("http://flag:3");
              assertThat(l.region()).isEqualTo("us-west-2");
            });
  }

  @Test
  void badValuesAreRefused() throws Exception {
    assertThatThrownBy(() -> apply("ftp://x", null, Map.of(), null))
        .isInstanceOf(ConfigException.class);
    Path file = Files.writeString(dir.resolve("bad.yaml"), "lambda:\n  endpoit: http://x\n");
    assertThatThrownBy(() -> apply(null, null, Map.of(), file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lambda.endpoit");
  }
}
