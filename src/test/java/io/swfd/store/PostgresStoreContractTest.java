package io.swfd.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.store.jdbc.JdbcRegistryStore;
import io.swfd.store.postgres.PostgresDatabase;
import io.swfd.store.postgres.PostgresMetaStore;
import io.swfd.store.postgres.PostgresRunStore;
import io.swfd.support.TestPostgres;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL (a real server, embedded), plus what only PostgreSQL promises.
 */
class PostgresStoreContractTest extends StoreContract {
  PostgresDatabase db;

  @Override
  protected Opened open() {
    db = new PostgresDatabase(TestPostgres.newDatabase("contract"), (n, nanos) -> {});
    return new Opened(
        new PostgresRunStore(db), new JdbcRegistryStore(db), new PostgresMetaStore(db), db);
  }

  @Override
  protected Fresh fresh() {
    String url = TestPostgres.newDatabase("upgrade");
    return new Fresh() {
      @Override
      public String dialect() {
        return "postgresql";
      }

      @Override
      public java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
            "jdbc:" + url.replace("postgres:postgres@", ""), "postgres", "postgres");
      }

      @Override
      public Opened open() {
        PostgresDatabase fresh = new PostgresDatabase(url, (n, nanos) -> {});
        return new Opened(
            new PostgresRunStore(fresh),
            new JdbcRegistryStore(fresh),
            new PostgresMetaStore(fresh),
            fresh);
      }
    };
  }

  @Test
  void commitsAreDurableWhenTheyReturn() {
    // the embedded server (like many) may run with synchronous_commit=off; swfd's sessions turn it
    // back on
    String setting =
        db.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertThat(setting).isNotEqualTo("off");
  }

  @Test
  void aSecondNodeMigratingTheSameDatabaseChangesNothing() {
    String url = db.url().display().replace("***", "postgres");
    String countSql = "SELECT COUNT(*) FROM schema_history";
    int before = db.read(c -> io.swfd.store.jdbc.Sql.count(c, countSql));
    assertThat(before).isPositive();
    try (PostgresDatabase again = new PostgresDatabase(url, (n, nanos) -> {})) {
      int after = again.read(c -> io.swfd.store.jdbc.Sql.count(c, countSql));
      assertThat(after).isEqualTo(before);
    }
  }
}
