package io.swfd.server;

import io.swfd.api.PageTokens;
import io.swfd.api.SwfApi;
import io.swfd.api.validation.ApiModel;
import io.swfd.engine.Registry;
import io.swfd.http.HttpServer;
import io.swfd.store.MetaStore;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.store.sqlite.SqliteMetaStore;
import io.swfd.store.sqlite.SqliteRegistryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;

/**
 * One swfd node, wired by hand. Start order: store (migrations), engine, API, HTTP; stop in reverse,
 * so no request is accepted before the store is open and none is cut off by a closed store.
 */
public final class SwfdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwfdServer.class);

    private final ServerConfig config;
    private final InstantSource clock;
    private SqliteDatabase database;
    private HttpServer http;
    private volatile boolean ready;

    public SwfdServer(ServerConfig config) {
        this(config, InstantSource.system());
    }

    public SwfdServer(ServerConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    public SwfdServer start() throws Exception {
        database = new SqliteDatabase(config.dataDir(), n -> { });
        MetaStore meta = new SqliteMetaStore(database);
        PageTokens pageTokens = new PageTokens(secret(meta, "page-token-key"), clock);
        Registry registry = new Registry(new SqliteRegistryStore(database), clock, config.account());
        SwfApi api = Handlers.register(new SwfApi(ApiModel.load()), registry, pageTokens);
        http = new HttpServer(config.host(), config.port(), api, config.account(), () -> ready);
        http.start();
        ready = true;
        return this;
    }

    static byte[] secret(MetaStore meta, String name) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return Base64.getDecoder().decode(meta.getOrCreate(name, Base64.getEncoder().encodeToString(fresh)));
    }

    public int port() { return http.port(); }

    public String endpoint() { return "http://" + config.host() + ":" + port(); }

    public ServerConfig config() { return config; }

    @Override
    public void close() {
        ready = false;
        try {
            if (http != null) http.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly", e);
        }
        if (database != null) database.close();
    }
}
