package io.swfd.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void oneHostWithUserPasswordAndParameters() {
    PostgresUrl u =
        PostgresUrl.parse("postgresql://swfd:s%40cret@db.internal:6543/swfd?sslmode=require");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/swfd?sslmode=require");
    assertThat(u.user()).isEqualTo("swfd");
    assertThat(u.password()).isEqualTo("s@cret");
    assertThat(u.display())
        .isEqualTo("postgresql://swfd:***@db.internal:6543/swfd?sslmode=require");
    assertThat(u.multiHost()).isFalse();
  }

  @Test
  void thePortDefaultsTo5432AndIpv6IsBracketed() {
    assertThat(PostgresUrl.parse("postgres://db/x").jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/x");
    assertThat(PostgresUrl.parse("postgresql://u@[::1]:5433/x").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5433/x");
    assertThat(PostgresUrl.parse("postgresql://u:p@[::1]/x").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5432/x");
  }

  @Test
  void severalHostsGoToTheDriverWithTargetServerTypePrimary() {
    PostgresUrl u =
        PostgresUrl.parse(
            "postgresql://swfd:pw@pg-a:5432,pg-b:5433,[fd00::2]/swfd?sslmode=require");
    assertThat(u.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://pg-a:5432,pg-b:5433,[fd00::2]:5432/swfd"
                + "?sslmode=require&targetServerType=primary");
    assertThat(u.user()).isEqualTo("swfd");
    assertThat(u.password()).isEqualTo("pw");
    assertThat(u.display())
        .isEqualTo("postgresql://swfd:***@pg-a:5432,pg-b:5433,[fd00::2]/swfd?sslmode=require");
    assertThat(u.multiHost()).isTrue();
  }

  @Test
  void aTargetServerTypeGivenIsKept() {
    assertThat(
            PostgresUrl.parse("postgresql://u:p@a:1,b:2/db?targetServerType=preferPrimary")
                .jdbcUrl())
        .isEqualTo("jdbc:postgresql://a:1,b:2/db?targetServerType=preferPrimary");
    assertThat(PostgresUrl.parse("postgresql://u:p@a,b/db").jdbcUrl())
        .isEqualTo("jdbc:postgresql://a:5432,b:5432/db?targetServerType=primary");
  }

  @Test
  void badUrlsAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@/db"))
        .hasMessageContaining("no host")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@a:1,/db"))
        .hasMessageContaining("no host")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@a:1,b:x/db"))
        .hasMessageContaining("port")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@a:99999/db"))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@a:1"))
        .hasMessageContaining("no database");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:hunter2@a b/db"))
        .hasMessageContaining("host");
  }

  @Test
  void aJdbcUrlIsTakenAsItIs() {
    String jdbc = "jdbc:postgresql://a:1,b:2/db?targetServerType=primary&password=x";
    PostgresUrl u = PostgresUrl.parse(jdbc);
    assertThat(u.jdbcUrl()).isEqualTo(jdbc);
    assertThat(u.display()).endsWith("password=***");
  }
}
