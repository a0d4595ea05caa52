package io.swfd.store.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --store} value naming a PostgreSQL database: {@code
 * postgresql://user:password@host:port/database[?param=value&...]} ({@code postgres://} too; the
 * port defaults to 5432; the parameters go to the JDBC driver, e.g. {@code sslmode=require}). A
 * {@code jdbc:postgresql:...} URL is taken as it is.
 *
 * <p>Several hosts may be named, {@code postgresql://user:pw@host1:5432,host2:5432/db}, for a
 * primary with standbys: the driver connects to the first that accepts writes ({@code
 * targetServerType=primary}, added when the URL names several hosts and no target server type), so
 * a node reconnects to whichever host is primary after a fail-over.
 *
 * @param jdbcUrl the driver's URL, without user and password
 * @param display the URL with the password masked, for logs and the startup line
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String display) {
  private static final String FORMAT = "postgresql://user:password@host:port/database";

  public static boolean isPostgres(String store) {
    return store != null
        && (store.startsWith("postgresql://")
            || store.startsWith("postgres://")
            || store.startsWith("jdbc:postgresql:"));
  }

  public static PostgresUrl parse(String store) {
    if (store.startsWith("jdbc:postgresql:"))
      return new PostgresUrl(store, null, null, mask(store));
    if (!isPostgres(store)) {
      throw new IllegalArgumentException("not a PostgreSQL URL (" + FORMAT + "): " + store);
    }
    // parsed by hand: java.net.URI takes an authority with several hosts for a registry name
    String rest = store.substring(store.indexOf("://") + 3);
    int fragment = rest.indexOf('#');
    if (fragment >= 0) rest = rest.substring(0, fragment);
    int authorityEnd = firstOf(rest, '/', '?');
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String tail = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String info = authority.substring(0, at);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon), store);
      password = colon < 0 ? null : decode(info.substring(colon + 1), store);
      authority = authority.substring(at + 1);
    }
    List<String> hosts = new ArrayList<>();
    for (String h : authority.split(",", -1)) hosts.add(hostAndPort(h.trim(), store));
    int q = tail.indexOf('?');
    String path = q < 0 ? tail : tail.substring(0, q);
    String query = q < 0 ? "" : tail.substring(q + 1);
    String db = path.replaceFirst("^/", "");
    if (db.isEmpty()) throw new IllegalArgumentException("no database name in " + mask(store));
    if (db.contains("/") || db.chars().anyMatch(Character::isWhitespace))
      throw new IllegalArgumentException("not a valid database name in " + mask(store));
    if (hosts.size() > 1 && !hasParameter(query, "targetServerType"))
      query = query.isEmpty() ? "targetServerType=primary" : query + "&targetServerType=primary";
    String jdbc =
        "jdbc:postgresql://"
            + String.join(",", hosts)
            + "/"
            + db
            + (query.isEmpty() ? "" : "?" + query);
    return new PostgresUrl(jdbc, user, password, mask(store));
  }

  /** Whether the URL names several hosts (a primary and its standbys). */
  public boolean multiHost() {
    String s = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
    int end = firstOf(s, '/', '?');
    return (end < 0 ? s : s.substring(0, end)).contains(",");
  }

  /** {@code host:port} for the driver: the port defaults to 5432, an IPv6 address is bracketed. */
  private static String hostAndPort(String h, String store) {
    String host;
    String port = null;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) throw new IllegalArgumentException("not a valid host in " + mask(store));
      host = h.substring(0, close + 1);
      String after = h.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":"))
          throw new IllegalArgumentException("not a valid host in " + mask(store));
        port = after.substring(1);
      }
    } else {
      int colon = h.lastIndexOf(':');
      if (colon >= 0 && h.indexOf(':') != colon) {
        host = "[" + h + "]"; // a bare IPv6 address
      } else {
        host = colon < 0 ? h : h.substring(0, colon);
        port = colon < 0 ? null : h.substring(colon + 1);
      }
    }
    if (host.isEmpty() || host.equals("[]"))
      throw new IllegalArgumentException("no host in " + mask(store));
    if (host.chars().anyMatch(c -> Character.isWhitespace(c) || "@/?#%".indexOf(c) >= 0))
      throw new IllegalArgumentException("not a valid host in " + mask(store));
    int p = 5432;
    if (port != null && !port.isEmpty()) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a valid port in " + mask(store), e);
      }
      if (p < 1 || p > 65535)
        throw new IllegalArgumentException("not a valid port in " + mask(store));
    }
    return host + ":" + p;
  }

  private static boolean hasParameter(String query, String name) {
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      if ((eq < 0 ? kv : kv.substring(0, eq)).equalsIgnoreCase(name)) return true;
    }
    return false;
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) return j;
    if (j < 0) return i;
    return Math.min(i, j);
  }

  private static String decode(String s, String store) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid PostgreSQL URL: " + mask(store), e);
    }
  }

  /** The URL with the password (user:PASSWORD@, or a password= parameter) replaced by ***. */
  static String mask(String url) {
    String m = url.replaceFirst("^([a-z:]+//[^:/@]*:)[^@/]*@", "$1***@");
    return m.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }
}
