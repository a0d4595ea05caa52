package io.swfd.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swfd.store.Domain;
import io.swfd.store.RegisteredType;
import io.swfd.store.RegistrationStatus;
import io.swfd.store.RegistryStore;
import io.swfd.store.ResourceTag;
import io.swfd.store.StoreException;
import io.swfd.store.TypeDefaults;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;
import io.swfd.store.jdbc.Sql;

import static io.swfd.store.jdbc.Sql.count;
import static io.swfd.store.jdbc.Sql.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class SqliteRegistryStore implements RegistryStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDatabase db;

    public SqliteRegistryStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<Domain> findDomain(String region, String name) {
        return db.readers().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM domains WHERE region=? AND name=?")) {
                Sql.bind(ps, region, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(domain(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int countDomains(String region) {
        return db.readers().read(c -> count(c, "SELECT COUNT(*) FROM domains WHERE region=?", region));
    }

    @Override
    public boolean insertDomain(Domain d, List<ResourceTag> tags) {
        return db.writer().write(c -> {
            if (count(c, "SELECT COUNT(*) FROM domains WHERE region=? AND name=?", d.region(), d.name()) > 0) return false;
            execute(c, "INSERT INTO domains(region,name,status,description,retention_days,created_at) VALUES(?,?,?,?,?,?)",
                    d.region(), d.name(), d.status(), d.description(), d.retentionDays(), d.createdAt());
            writeTags(c, d.region(), d.name(), tags);
            return true;
        });
    }

    @Override
    public void updateDomain(Domain d) {
        db.writer().write(c -> execute(c, "UPDATE domains SET status=?, description=?, retention_days=? WHERE region=? AND name=?",
                d.status(), d.description(), d.retentionDays(), d.region(), d.name()));
    }

    @Override
    public List<Domain> listDomains(String region, RegistrationStatus status, String afterName, boolean reverse, int limit) {
        String cmp = reverse ? "<" : ">";
        String order = reverse ? "DESC" : "ASC";
        String sql = "SELECT * FROM domains WHERE region=? AND status=?"
                + (afterName != null ? " AND name " + cmp + " ?" : "")
                + " ORDER BY name " + order + " LIMIT ?";
        return db.readers().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (afterName != null) Sql.bind(ps, region, status, afterName, limit);
                else Sql.bind(ps, region, status, limit);
                List<Domain> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(domain(rs));
                }
                return out;
            }
        });
    }

    @Override
    public List<ResourceTag> tags(String region, String domain) {
        return db.readers().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tag_key, tag_value FROM domain_tags WHERE region=? AND domain=? ORDER BY position")) {
                Sql.bind(ps, region, domain);
                List<ResourceTag> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new ResourceTag(rs.getString(1), rs.getString(2)));
                }
                return out;
            }
        });
    }

    @Override
    public void replaceTags(String region, String domain, List<ResourceTag> tags) {
        db.writer().write(c -> {
            execute(c, "DELETE FROM domain_tags WHERE region=? AND domain=?", region, domain);
            writeTags(c, region, domain, tags);
            return null;
        });
    }

    private static void writeTags(Connection c, String region, String domain, List<ResourceTag> tags) throws SQLException {
        int position = 0;
        for (ResourceTag t : tags) {
            execute(c, "INSERT INTO domain_tags(region,domain,position,tag_key,tag_value) VALUES(?,?,?,?,?)",
                    region, domain, position++, t.key(), t.value());
        }
    }

    @Override
    public Optional<RegisteredType> findType(TypeKey k) {
        return db.readers().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM types WHERE kind=? AND region=? AND domain=? AND name=? AND version=?")) {
                Sql.bind(ps, k.kind(), k.region(), k.domain(), k.name(), k.version());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(type(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int countTypes(TypeKind kind, String region, String domain) {
        return db.readers().read(c -> count(c, "SELECT COUNT(*) FROM types WHERE kind=? AND region=? AND domain=?",
                kind, region, domain));
    }

    @Override
    public boolean insertType(RegisteredType t) {
        TypeKey k = t.key();
        return db.writer().write(c -> {
            if (count(c, "SELECT COUNT(*) FROM types WHERE kind=? AND region=? AND domain=? AND name=? AND version=?",
                    k.kind(), k.region(), k.domain(), k.name(), k.version()) > 0) return false;
            execute(c, "INSERT INTO types(kind,region,domain,name,version,status,description,creation_date,deprecation_date,defaults)"
                            + " VALUES(?,?,?,?,?,?,?,?,?,?)",
                    k.kind(), k.region(), k.domain(), k.name(), k.version(), t.status(), t.description(),
                    t.creationDate(), t.deprecationDate(), toJson(t.defaults()));
            return true;
        });
    }

    @Override
    public void updateType(RegisteredType t) {
        TypeKey k = t.key();
        db.writer().write(c -> execute(c,
                "UPDATE types SET status=?, deprecation_date=? WHERE kind=? AND region=? AND domain=? AND name=? AND version=?",
                t.status(), t.deprecationDate(), k.kind(), k.region(), k.domain(), k.name(), k.version()));
    }

    @Override
    public void deleteType(TypeKey k) {
        db.writer().write(c -> execute(c, "DELETE FROM types WHERE kind=? AND region=? AND domain=? AND name=? AND version=?",
                k.kind(), k.region(), k.domain(), k.name(), k.version()));
    }

    @Override
    public List<RegisteredType> listTypes(TypeKind kind, String region, String domain, RegistrationStatus status,
                                          String name, String[] after, boolean reverse, int limit) {
        String cmp = reverse ? "<" : ">";
        String order = reverse ? "DESC" : "ASC";
        StringBuilder sql = new StringBuilder("SELECT * FROM types WHERE kind=? AND region=? AND domain=? AND status=?");
        List<Object> args = new ArrayList<>(List.of(kind, region, domain, status));
        if (name != null) {
            sql.append(" AND name=?");
            args.add(name);
        }
        if (after != null) {
            sql.append(" AND (name ").append(cmp).append(" ? OR (name = ? AND version ").append(cmp).append(" ?))");
            args.add(after[0]);
            args.add(after[0]);
            args.add(after[1]);
        }
        sql.append(" ORDER BY name ").append(order).append(", version ").append(order).append(" LIMIT ?");
        args.add(limit);
        return db.readers().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Sql.bind(ps, args.toArray());
                List<RegisteredType> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(type(rs));
                }
                return out;
            }
        });
    }

    private static Domain domain(ResultSet rs) throws SQLException {
        return new Domain(rs.getString("region"), rs.getString("name"),
                RegistrationStatus.valueOf(rs.getString("status")), rs.getString("description"),
                rs.getString("retention_days"), Sql.instant(rs, "created_at"));
    }

    private static RegisteredType type(ResultSet rs) throws SQLException {
        TypeKey key = new TypeKey(TypeKind.valueOf(rs.getString("kind")), rs.getString("region"), rs.getString("domain"),
                rs.getString("name"), rs.getString("version"));
        return new RegisteredType(key, RegistrationStatus.valueOf(rs.getString("status")), rs.getString("description"),
                Sql.instant(rs, "creation_date"), Sql.instant(rs, "deprecation_date"), fromJson(rs.getString("defaults")));
    }

    private static String toJson(TypeDefaults d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new StoreException(e);
        }
    }

    private static TypeDefaults fromJson(String s) {
        try {
            return JSON.readValue(s, TypeDefaults.class);
        } catch (JsonProcessingException e) {
            throw new StoreException(e);
        }
    }
}
