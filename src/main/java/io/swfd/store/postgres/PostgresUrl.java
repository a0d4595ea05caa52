package io.swfd.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code --store} value naming a PostgreSQL database: {@code
 * postgresql://user:password@host:port/database[?param=value&...]} ({@code postgres://} too; the
 * port defaults to 5432; the parameters go to the JDBC driver, e.g. {@code sslmode=require}). A
 * {@code jdbc:postgresql:...} URL is taken as it is.
 *
 * @param jdbcUrl the driver's URL, without user and password
 * @param display the URL with the password masked, for logs and the startup line
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String display) {
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
      throw new IllegalArgumentException(
          "not a PostgreSQL URL (postgresql://user:password@host:port/database): " + store);
    }
    URI u;
    try {
      u = new URI(store);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid PostgreSQL URL: " + mask(store), e);
    }
    if (u.getHost() == null || u.getHost().isEmpty())
      throw new IllegalArgumentException("no host in " + mask(store));
    String db = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
    if (db.isEmpty()) throw new IllegalArgumentException("no database name in " + mask(store));
    String user = null;
    String password = null;
    if (u.getRawUserInfo() != null) {
      String info = u.getRawUserInfo();
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String host =
        u.getHost().contains(":") && !u.getHost().startsWith("[")
            ? "[" + u.getHost() + "]"
            : u.getHost();
    String jdbc =
        "jdbc:postgresql://"
            + host
            + ":"
            + (u.getPort() < 0 ? 5432 : u.getPort())
            + "/"
            + db
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    return new PostgresUrl(jdbc, user, password, mask(store));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with the password (user:PASSWORD@, or a password= parameter) replaced by ***. */
  static String mask(String url) {
    String m = url.replaceFirst("^([a-z:]+//[^:/@]*:)[^@/]*@", "$1***@");
    return m.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }
}
