package io.swfd.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swfd.api.Json;
import io.swfd.auth.AuthConfig;
import io.swfd.auth.ThrottlingConfig;
import io.swfd.store.postgres.PostgresUrl;
import io.swfd.store.sqlite.SqliteDatabase;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server runs with, in words (the startup lines, the lifecycle log) and as JSON ({@code GET
 * /health}): its store and the modes that are on.
 */
public final class ServerDescription {
  private ServerDescription() {}

  /** "SQLite /data/swfd.db", "PostgreSQL db.internal:5432/swfd (user swfd)". */
  public static String store(ServerConfig config, boolean ephemeral) {
    if (config.postgres()) {
      PostgresUrl url = PostgresUrl.parse(config.store());
      return "PostgreSQL "
          + serverAndDatabase(url)
          + (url.user() == null ? "" : " (user " + url.user() + ")");
    }
    return "SQLite "
        + config.dataDir().resolve(SqliteDatabase.FILE_NAME)
        + (ephemeral ? " (ephemeral: deleted when swfd stops)" : "");
  }

  /** The modes that are on, e.g. [time control, credentials (2 keys), throttling aws, TLS]. */
  public static List<String> modes(ServerConfig config, boolean accessLog) {
    List<String> on = new ArrayList<>();
    if (config.timeControl()) on.add("time control");
    if (config.motoCompat()) on.add("moto-compatible");
    AuthConfig auth = config.auth();
    int keys = auth.credentials().size();
    if (keys > 0) on.add("credentials (" + keys + (keys == 1 ? " key)" : " keys)"));
    else if (auth.insecure()) on.add("insecure (no credentials on a non-loopback address)");
    if (auth.throttling().enabled()) on.add("throttling " + throttling(auth.throttling()));
    if (auth.tls().enabled()) on.add("TLS");
    if (config.lambda().enabled()) on.add("Lambda tasks via " + config.lambda().endpoint());
    if (accessLog) on.add("access log");
    return on;
  }

  /** The static part of {@code GET /health}: store and modes. */
  public static ObjectNode health(ServerConfig config, boolean ephemeral, boolean accessLog) {
    ObjectNode o = Json.object();
    ObjectNode store = o.putObject("store");
    if (config.postgres()) {
      PostgresUrl url = PostgresUrl.parse(config.store());
      store.put("type", "postgresql").put("database", serverAndDatabase(url));
    } else {
      store
          .put("type", "sqlite")
          .put("path", config.dataDir().resolve(SqliteDatabase.FILE_NAME).toString())
          .put("ephemeral", ephemeral);
    }
    AuthConfig auth = config.auth();
    ObjectNode modes = o.putObject("modes");
    modes.put("timeControl", config.timeControl());
    modes.put("motoCompat", config.motoCompat());
    modes.put("credentials", auth.credentials().size());
    modes.put("throttling", auth.throttling().enabled() ? throttling(auth.throttling()) : "off");
    modes.put("tls", auth.tls().enabled());
    modes.put("lambda", config.lambda().enabled());
    modes.put("accessLog", accessLog);
    return o;
  }

  private static String throttling(ThrottlingConfig t) {
    return t.equals(ThrottlingConfig.AWS) ? "aws" : "custom";
  }

  /** "host:port/database" from the driver's URL (no user, no password, no parameters). */
  private static String serverAndDatabase(PostgresUrl url) {
    String s = url.jdbcUrl().replaceFirst("^jdbc:postgresql://", "");
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }
}
