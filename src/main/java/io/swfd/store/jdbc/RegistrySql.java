package io.swfd.store.jdbc;

import static io.swfd.store.jdbc.Sql.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.store.Domain;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.ResourceTag;
import io.swfd.store.StoreException;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of domains, types and domain tags that is the same in every dialect. */
public final class RegistrySql {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistrySql() {}

  public static Optional<Domain> findDomain(Connection c, String region, String name)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM domains WHERE region=? AND name=?")) {
      Sql.bind(ps, region, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(domain(rs)) : Optional.empty();
      }
    }
  }

  public static void updateDomain(Connection c, Domain d) throws SQLException {
    execute(
        c,
        "UPDATE domains SET status=?, description=?, retention_days=? WHERE region=? AND name=?",
        d.status(),
        d.description(),
        d.retentionDays(),
        d.region(),
        d.name());
  }

  public static void deprecateDomain(Connection c, String region, String name, java.time.Instant at)
      throws SQLException {
    execute(
        c,
        "UPDATE types SET status=?, deprecation_date=? WHERE region=? AND domain=? AND status=?",
        RegistrationStatus.DEPRECATED,
        at,
        region,
        name,
        RegistrationStatus.REGISTERED);
    execute(
        c,
        "UPDATE domains SET status=? WHERE region=? AND name=?",
        RegistrationStatus.DEPRECATED,
        region,
        name);
  }

  public static List<Domain> listDomains(
      Connection c,
      String region,
      RegistrationStatus status,
      String afterName,
      boolean reverse,
      int limit)
      throws SQLException {
    String cmp = reverse ? "<" : ">";
    String order = reverse ? "DESC" : "ASC";
    String sql =
        "SELECT * FROM domains WHERE region=? AND status=?"
            + (afterName != null ? " AND name " + cmp + " ?" : "")
            + " ORDER BY name "
            + order
            + " LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (afterName != null) Sql.bind(ps, region, status, afterName, limit);
      else Sql.bind(ps, region, status, limit);
      List<Domain> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(domain(rs));
      }
      return out;
    }
  }

  public static List<ResourceTag> tags(Connection c, String region, String domain)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tag_key, tag_value FROM domain_tags WHERE region=? AND domain=? ORDER BY position")) {
      Sql.bind(ps, region, domain);
      List<ResourceTag> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new ResourceTag(rs.getString(1), rs.getString(2)));
      }
      return out;
    }
  }

  /** Replaces a domain's tags, keeping their order. */
  public static void replaceTags(Connection c, String region, String domain, List<ResourceTag> tags)
      throws SQLException {
    execute(c, "DELETE FROM domain_tags WHERE region=? AND domain=?", region, domain);
    int position = 0;
    for (ResourceTag t : tags) {
      execute(
          c,
          "INSERT INTO domain_tags(region,domain,position,tag_key,tag_value) VALUES(?,?,?,?,?)",
          region,
          domain,
          position++,
          t.key(),
          t.value());
    }
  }

  public static Optional<RegisteredType> findType(Connection c, TypeKey k) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT * FROM types WHERE kind=? AND region=? AND domain=? AND name=? AND version=?")) {
      Sql.bind(ps, k.kind(), k.region(), k.domain(), k.name(), k.version());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(type(rs)) : Optional.empty();
      }
    }
  }

  /**
   * The columns of a type row after its key, for an INSERT of
   * (kind,region,domain,name,version,...).
   */
  public static Object[] typeRow(RegisteredType t) {
    TypeKey k = t.key();
    return new Object[] {
      k.kind(),
      k.region(),
      k.domain(),
      k.name(),
      k.version(),
      t.status(),
      t.description(),
      t.creationDate(),
      t.deprecationDate(),
      toJson(t.defaults())
    };
  }

  public static void updateType(Connection c, RegisteredType t) throws SQLException {
    TypeKey k = t.key();
    execute(
        c,
        "UPDATE types SET status=?, deprecation_date=? WHERE kind=? AND region=? AND domain=? AND name=? AND version=?",
        t.status(),
        t.deprecationDate(),
        k.kind(),
        k.region(),
        k.domain(),
        k.name(),
        k.version());
  }

  public static void deleteType(Connection c, TypeKey k) throws SQLException {
    execute(
        c,
        "DELETE FROM types WHERE kind=? AND region=? AND domain=? AND name=? AND version=?",
        k.kind(),
        k.region(),
        k.domain(),
        k.name(),
        k.version());
  }

  public static List<RegisteredType> listTypes(
      Connection c,
      TypeKind kind,
      String region,
      String domain,
      RegistrationStatus status,
      String name,
      String[] after,
      boolean reverse,
      int limit)
      throws SQLException {
    String cmp = reverse ? "<" : ">";
    String order = reverse ? "DESC" : "ASC";
    StringBuilder sql =
        new StringBuilder(
            "SELECT * FROM types WHERE kind=? AND region=? AND domain=? AND status=?");
    List<Object> args = new ArrayList<>(List.of(kind, region, domain, status));
    if (name != null) {
      sql.append(" AND name=?");
      args.add(name);
    }
    if (after != null) {
      sql.append(" AND (name ")
          .append(cmp)
          .append(" ? OR (name = ? AND version ")
          .append(cmp)
          .append(" ?))");
      args.add(after[0]);
      args.add(after[0]);
      args.add(after[1]);
    }
    sql.append(" ORDER BY name ")
        .append(order)
        .append(", version ")
        .append(order)
        .append(" LIMIT ?");
    args.add(limit);
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      Sql.bind(ps, args.toArray());
      List<RegisteredType> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(type(rs));
      }
      return out;
    }
  }

  static Domain domain(ResultSet rs) throws SQLException {
    return new Domain(
        rs.getString("region"),
        rs.getString("name"),
        RegistrationStatus.valueOf(rs.getString("status")),
        rs.getString("description"),
        rs.getString("retention_days"),
        Sql.instant(rs, "created_at"));
  }

  static RegisteredType type(ResultSet rs) throws SQLException {
    TypeKey key =
        new TypeKey(
            TypeKind.valueOf(rs.getString("kind")),
            rs.getString("region"),
            rs.getString("domain"),
            rs.getString("name"),
            rs.getString("version"));
    return new RegisteredType(
        key,
        RegistrationStatus.valueOf(rs.getString("status")),
        rs.getString("description"),
        Sql.instant(rs, "creation_date"),
        Sql.instant(rs, "deprecation_date"),
        fromJson(rs.getString("defaults")));
  }

  static String toJson(TypeDefaults d) {
    try {
      return JSON.writeValueAsString(d);
    } catch (JsonProcessingException e) {
      throw new StoreException(e);
    }
  }

  static TypeDefaults fromJson(String s) {
    try {
      return JSON.readValue(s, TypeDefaults.class);
    } catch (JsonProcessingException e) {
      throw new StoreException(e);
    }
  }
}
