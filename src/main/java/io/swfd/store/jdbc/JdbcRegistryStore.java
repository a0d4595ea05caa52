package io.swfd.store.jdbc;

import static io.swfd.store.jdbc.Sql.bind;
import static io.swfd.store.jdbc.Sql.count;

import io.swfd.store.Domain;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.RegistryStore;
import io.swfd.store.ResourceTag;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;

/**
 * Domains, types and tags, the same SQL on SQLite and PostgreSQL. A duplicate registration (from
 * another node at the same moment, too) is refused by the primary key: {@code ON CONFLICT DO
 * NOTHING} inserts nothing, reported as false.
 */
public final class JdbcRegistryStore implements RegistryStore {
  private final JdbcAccess db;

  public JdbcRegistryStore(JdbcAccess db) {
    this.db = db;
  }

  @Override
  public Optional<Domain> findDomain(String region, String name) {
    return db.read(c -> RegistrySql.findDomain(c, region, name));
  }

  @Override
  public int countDomains(String region) {
    return db.read(c -> count(c, "SELECT COUNT(*) FROM domains WHERE region=?", region));
  }

  @Override
  public boolean insertDomain(Domain d, List<ResourceTag> tags) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO domains(region,name,status,description,retention_days,"
                      + "created_at) VALUES(?,?,?,?,?,?) ON CONFLICT (region, name) DO NOTHING")) {
            bind(
                ps,
                d.region(),
                d.name(),
                d.status(),
                d.description(),
                d.retentionDays(),
                d.createdAt());
            if (ps.executeUpdate() == 0) return false;
          }
          RegistrySql.replaceTags(c, d.region(), d.name(), tags);
          return true;
        });
  }

  @Override
  public void updateDomain(Domain d) {
    db.write(
        c -> {
          RegistrySql.updateDomain(c, d);
          return null;
        });
  }

  @Override
  public void deprecateDomain(String region, String name, java.time.Instant at) {
    db.write(
        c -> {
          RegistrySql.deprecateDomain(c, region, name, at);
          return null;
        });
  }

  @Override
  public List<Domain> listDomains(
      String region, RegistrationStatus status, String afterName, boolean reverse, int limit) {
    return db.read(c -> RegistrySql.listDomains(c, region, status, afterName, reverse, limit));
  }

  @Override
  public List<ResourceTag> tags(String region, String domain) {
    return db.read(c -> RegistrySql.tags(c, region, domain));
  }

  @Override
  public void replaceTags(String region, String domain, List<ResourceTag> tags) {
    db.write(
        c -> {
          RegistrySql.replaceTags(c, region, domain, tags);
          return null;
        });
  }

  @Override
  public Optional<RegisteredType> findType(TypeKey key) {
    return db.read(c -> RegistrySql.findType(c, key));
  }

  @Override
  public int countTypes(TypeKind kind, String region, String domain) {
    return db.read(
        c ->
            count(
                c,
                "SELECT COUNT(*) FROM types WHERE kind=? AND region=? AND domain=?",
                kind,
                region,
                domain));
  }

  @Override
  public boolean insertType(RegisteredType t) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO types(kind,region,domain,name,version,status,description,"
                      + "creation_date,deprecation_date,defaults) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            bind(ps, RegistrySql.typeRow(t));
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void updateType(RegisteredType t) {
    db.write(
        c -> {
          RegistrySql.updateType(c, t);
          return null;
        });
  }

  @Override
  public void deleteType(TypeKey key) {
    db.write(
        c -> {
          RegistrySql.deleteType(c, key);
          return null;
        });
  }

  @Override
  public List<RegisteredType> listTypes(
      TypeKind kind,
      String region,
      String domain,
      RegistrationStatus status,
      String name,
      String[] after,
      boolean reverse,
      int limit) {
    return db.read(
        c -> RegistrySql.listTypes(c, kind, region, domain, status, name, after, reverse, limit));
  }
}
