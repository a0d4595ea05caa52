package io.swfd.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL primary with a synchronous streaming standby on this machine, on the embedded
 * binaries the tests use (io.zonky.test's PostgreSQL 14: {@code initdb}, {@code pg_ctl} and {@code
 * postgres}; no {@code pg_basebackup}, so the standby is a copy of the primary's data directory
 * taken while it is shut down cleanly, which is a valid base backup). The primary lists the standby
 * in {@code synchronous_standby_names}, so a commit returns only once the standby has it
 * (PostgreSQL Documentation, 27.2.8 "Synchronous Replication"). {@link #killPrimary()} SIGKILLs the
 * primary's postmaster and every backend; {@link #promoteStandby()} runs {@code pg_promote()}.
 */
public final class PostgresStandbyPair implements AutoCloseable {
  public static final String DATABASE = "swfd";
  private static final String STANDBY_NAME = "swfd_standby";

  private final Path base;
  private final Path primaryDir;
  private final Path standbyDir;
  public final int primaryPort;
  public final int standbyPort;
  private final List<EmbeddedPostgres> servers = new ArrayList<>();

  public PostgresStandbyPair() throws IOException, SQLException {
    base = Files.createTempDirectory("swfd-pg-ha");
    primaryDir = base.resolve("primary");
    standbyDir = base.resolve("standby");
    primaryPort = freePort();
    standbyPort = freePort();
    try {
      setUp();
    } catch (IOException | SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void setUp() throws IOException, SQLException {
    // 1. a primary with the database, shut down cleanly
    EmbeddedPostgres first = start(primaryDir, primaryPort, false);
    try (Connection c = first.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + DATABASE);
    }
    first.close();
    servers.remove(first);
    // 2. its copy becomes the standby: standby.signal, and where to stream from
    copy(primaryDir, standbyDir);
    // PostgreSQL refuses a data directory others may read
    Files.setPosixFilePermissions(standbyDir, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(standbyDir.resolve("standby.signal"), "");
    Files.writeString(
        standbyDir.resolve("postgresql.auto.conf"),
        "primary_conninfo = 'host=127.0.0.1 port="
            + primaryPort
            + " user=postgres application_name="
            + STANDBY_NAME
            + "'\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    // 3. the primary again, now waiting for the standby on every commit, then the standby
    start(primaryDir, primaryPort, true);
    start(standbyDir, standbyPort, false);
    awaitSynchronousStandby();
  }

  private EmbeddedPostgres start(Path dir, int port, boolean synchronous) throws IOException {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("wal_keep_size", "256MB");
    if (synchronous) b.setServerConfig("synchronous_standby_names", STANDBY_NAME);
    EmbeddedPostgres p = b.start();
    servers.add(p);
    return p;
  }

  /** The store URL naming both servers, primary first. */
  public String multiHostUrl() {
    return "postgresql://postgres:postgres@127.0.0.1:"
        + primaryPort
        + ",127.0.0.1:"
        + standbyPort
        + "/"
        + DATABASE
        + "?targetServerType=primary";
  }

  private void awaitSynchronousStandby() throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Connection c = connect(primaryPort, "postgres");
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT sync_state FROM pg_stat_replication WHERE application_name = '"
                      + STANDBY_NAME
                      + "' AND state = 'streaming'")) {
        if (rs.next() && rs.getString(1).equals("sync")) return;
      }
      if (System.nanoTime() > deadline)
        throw new IllegalStateException("the standby did not become a synchronous standby");
      sleep(100);
    }
  }

  /** A plain JDBC connection to one of the two servers. */
  public static Connection connect(int port, String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "postgres");
  }

  /** SIGKILL to the primary's postmaster and all its processes: no shutdown, no last WAL sent. */
  public void killPrimary() throws IOException {
    long pid = Long.parseLong(Files.readAllLines(primaryDir.resolve("postmaster.pid")).get(0));
    ProcessHandle postmaster =
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no primary running"));
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    postmaster.destroyForcibly();
    for (ProcessHandle h : all) h.destroyForcibly();
    try {
      postmaster.onExit().get(10, TimeUnit.SECONDS);
      for (ProcessHandle h : all) h.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the primary did not die", e);
    }
  }

  /** Promotes the standby ({@code SELECT pg_promote()}, which waits until it accepts writes). */
  public void promoteStandby() throws SQLException {
    try (Connection c = connect(standbyPort, "postgres");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_promote(true, 60)")) {
      if (!rs.next() || !rs.getBoolean(1))
        throw new IllegalStateException("the standby was not promoted");
    }
  }

  @Override
  public void close() throws IOException {
    // a killed primary's pg_ctl stop fails and is logged by EmbeddedPostgres; the rest stop
    for (EmbeddedPostgres p : servers) p.close();
    if (Files.exists(base)) {
      try (var files = Files.walk(base)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.equals("postmaster.pid") || name.equals("epg-lock")) continue;
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
