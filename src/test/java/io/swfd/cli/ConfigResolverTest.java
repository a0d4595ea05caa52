package io.swfd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swfd.server.ServerConfig;
import io.swfd.server.cli.ConfigException;
import io.swfd.server.cli.ConfigResolver;
import io.swfd.server.cli.ConfigResolver.Flags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path tmp;

  private Path cwd() {
    return tmp.resolve("cwd");
  }

  private Path yaml(String text) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("etc"));
    Path f = dir.resolve("swfd.yaml");
    Files.writeString(f, text);
    return f;
  }

  private static final Map<String, String> ALL_ENV =
      Map.of(
          "SWFD_HOST", "10.0.0.2",
          "SWFD_PORT", "2002",
          "SWFD_DATA_DIR", "env-data",
          "SWFD_ACCOUNT", "222222222222",
          "SWFD_POLL_TIMEOUT", "22");

  private static final String ALL_FILE =
      """
            host: 10.0.0.3
            port: 3003
            dataDir: file-data
            account: "333333333333"
            pollTimeoutSeconds: 33
            """;

  private static final Flags ALL_FLAGS =
      new Flags("10.0.0.1", 1001, Path.of("flag-data"), "111111111111", 11);

  @Test
  void defaultsWhenNothingIsSet() {
    ServerConfig c = ConfigResolver.resolve(Flags.none(), Map.of(), null, cwd());
    ServerConfig d = ServerConfig.defaults();
    assertThat(c.host()).isEqualTo(d.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(d.port()).isEqualTo(7777);
    assertThat(c.account()).isEqualTo(d.account()).isEqualTo("123456789012");
    assertThat(c.pollTimeout()).isEqualTo(d.pollTimeout()).isEqualTo(Duration.ofSeconds(55));
    assertThat(c.dataDir()).isEqualTo(cwd().resolve("swfd-data").toAbsolutePath());
    assertThat(c.timeControl()).isFalse();
  }

  @Test
  void helpTextDefaultsMatchServerConfig() {
    ServerConfig d = ServerConfig.defaults();
    assertThat(ConfigResolver.DEFAULT_HOST).isEqualTo(d.host());
    assertThat(ConfigResolver.DEFAULT_PORT).isEqualTo(d.port());
    assertThat(ConfigResolver.DEFAULT_ACCOUNT).isEqualTo(d.account());
    assertThat(Duration.ofSeconds(ConfigResolver.DEFAULT_POLL_TIMEOUT_SECONDS))
        .isEqualTo(d.pollTimeout());
    assertThat(Duration.ofSeconds(ConfigResolver.MAX_POLL_TIMEOUT_SECONDS))
        .isEqualTo(ServerConfig.MAX_POLL_TIMEOUT);
    assertThat(Path.of(ConfigResolver.DEFAULT_DATA_DIR).normalize()).isEqualTo(d.dataDir());
  }

  @Test
  void fileBeatsDefaults() throws IOException {
    ServerConfig c = ConfigResolver.resolve(Flags.none(), Map.of(), yaml(ALL_FILE), cwd());
    assertThat(c.host()).isEqualTo("10.0.0.3");
    assertThat(c.port()).isEqualTo(3003);
    assertThat(c.account()).isEqualTo("333333333333");
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofSeconds(33));
    // a relative dataDir in the file is relative to the file's directory
    assertThat(c.dataDir()).isEqualTo(tmp.resolve("etc/file-data").toAbsolutePath());
  }

  @Test
  void environmentBeatsFile() throws IOException {
    ServerConfig c = ConfigResolver.resolve(Flags.none(), ALL_ENV, yaml(ALL_FILE), cwd());
    assertThat(c.host()).isEqualTo("10.0.0.2");
    assertThat(c.port()).isEqualTo(2002);
    assertThat(c.account()).isEqualTo("222222222222");
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofSeconds(22));
    assertThat(c.dataDir()).isEqualTo(cwd().resolve("env-data").toAbsolutePath());
  }

  @Test
  void flagsBeatEnvironmentAndFile() throws IOException {
    ServerConfig c = ConfigResolver.resolve(ALL_FLAGS, ALL_ENV, yaml(ALL_FILE), cwd());
    assertThat(c.host()).isEqualTo("10.0.0.1");
    assertThat(c.port()).isEqualTo(1001);
    assertThat(c.account()).isEqualTo("111111111111");
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofSeconds(11));
    assertThat(c.dataDir()).isEqualTo(cwd().resolve("flag-data").toAbsolutePath());
  }

  @Test
  void eachSettingFallsThroughIndependently() throws IOException {
    Flags onlyPort = new Flags(null, 0, null, null, null);
    Map<String, String> onlyHost = Map.of("SWFD_HOST", "0.0.0.0");
    ServerConfig c =
        ConfigResolver.resolve(onlyPort, onlyHost, yaml("account: \"444444444444\"\n"), cwd());
    assertThat(c.port()).isZero(); // flag
    assertThat(c.host()).isEqualTo("0.0.0.0"); // env
    assertThat(c.account()).isEqualTo("444444444444"); // file
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofSeconds(55)); // default
    assertThat(c.dataDir()).isEqualTo(cwd().resolve("swfd-data").toAbsolutePath());
  }

  @Test
  void blankEnvironmentVariablesCountAsUnset() {
    ServerConfig c =
        ConfigResolver.resolve(
            Flags.none(), Map.of("SWFD_PORT", "", "SWFD_HOST", "  "), null, cwd());
    assertThat(c.port()).isEqualTo(7777);
    assertThat(c.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void absoluteDataDirIsKept() {
    Path abs = tmp.resolve("abs").toAbsolutePath();
    ServerConfig c =
        ConfigResolver.resolve(new Flags(null, null, abs, null, null), Map.of(), null, cwd());
    assertThat(c.dataDir()).isEqualTo(abs);
  }

  @Test
  void emptyOrCommentOnlyFileIsAllDefaults() throws IOException {
    assertThat(ConfigResolver.resolve(Flags.none(), Map.of(), yaml(""), cwd()).port())
        .isEqualTo(7777);
    assertThat(ConfigResolver.resolve(Flags.none(), Map.of(), yaml("# nothing\n"), cwd()).port())
        .isEqualTo(7777);
  }

  @Test
  void invalidValuesNameTheirSource() throws IOException {
    assertThatThrownBy(
            () ->
                ConfigResolver.resolve(
                    new Flags(null, 70000, null, null, null), Map.of(), null, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--port: port 70000 is outside 0-65535");
    assertThatThrownBy(
            () -> ConfigResolver.resolve(Flags.none(), Map.of("SWFD_PORT", "http"), null, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SWFD_PORT: 'http' is not a whole number");
    assertThatThrownBy(
            () ->
                ConfigResolver.resolve(
                    Flags.none(), Map.of("SWFD_POLL_TIMEOUT", "61"), null, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SWFD_POLL_TIMEOUT")
        .hasMessageContaining("1-60");
    assertThatThrownBy(
            () ->
                ConfigResolver.resolve(new Flags(null, null, null, null, 0), Map.of(), null, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--poll-timeout:");
    assertThatThrownBy(
            () ->
                ConfigResolver.resolve(
                    new Flags(null, null, null, "12345", null), Map.of(), null, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--account: '12345' is not a 12-digit AWS account id");
    Path f = yaml("port: seven\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Flags.none(), Map.of(), f, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("port in swfd.yaml: 'seven' is not a whole number");
  }

  @Test
  void invalidValueIsIgnoredWhenAStrongerSourceWins() throws IOException {
    ServerConfig c =
        ConfigResolver.resolve(
            new Flags(null, 9000, null, null, null),
            Map.of("SWFD_PORT", "not-a-port"),
            yaml("port: also-bad\n"),
            cwd());
    assertThat(c.port()).isEqualTo(9000);
  }

  @Test
  void badFilesAreExplained() throws IOException {
    Path typo = yaml("prot: 1\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Flags.none(), Map.of(), typo, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'prot'")
        .hasMessageContaining("host, port, dataDir, account, pollTimeoutSeconds");
    Path list = yaml("- a\n- b\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Flags.none(), Map.of(), list, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected a mapping");
    Path nested = yaml("port:\n  value: 1\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Flags.none(), Map.of(), nested, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port must be a single value");
    Path broken = yaml("host: [unclosed\n");
    assertThatThrownBy(() -> ConfigResolver.resolve(Flags.none(), Map.of(), broken, cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(
            () ->
                ConfigResolver.resolve(Flags.none(), Map.of(), tmp.resolve("missing.yaml"), cwd()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config file not found");
  }
}
