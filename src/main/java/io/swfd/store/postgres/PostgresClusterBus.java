package io.swfd.store.postgres;

import io.swfd.matching.ClusterBus;
import io.swfd.matching.PendingTask;
import io.swfd.matching.TaskListKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus over PostgreSQL LISTEN/NOTIFY: one channel for tasks ({@value #TASKS}), one for
 * deadlines ({@value #TIMERS}). A sender thread turns committed changes into notifications (several
 * lines a payload, several payloads a transaction); a listener thread holds one connection of its
 * own that LISTENs, and after every (re)connection asks the node to resync from the store, since
 * notifications sent while it was away are lost.
 *
 * <p>Payload: the sending node's id on the first line, then one line per item: {@code
 * O|kind|priority|runPk|scheduledEventId|region|domain|taskList} (task offered), {@code
 * G|kind|runPk|scheduledEventId|region|domain|taskList} (task gone), {@code V|runPk|version} (the
 * run's version after the commit, so that sweeps skip what a node already heard of), {@code
 * A|runPk|dueMillis|key} (deadline armed), {@code D|runPk|key} (disarmed), {@code X|runPk} (all of
 * a run's deadlines disarmed). SWF names cannot contain '|' or line breaks; the task list comes
 * last anyway.
 */
public final class PostgresClusterBus implements ClusterBus {
  static final String TASKS = "swfd_tasks";
  static final String TIMERS = "swfd_timers";

  /** PostgreSQL refuses payloads of 8000 bytes or more. */
  private static final int MAX_PAYLOAD = 7000;

  private static final Logger log = LoggerFactory.getLogger(PostgresClusterBus.class);

  private final PostgresDatabase db;
  private final String nodeId = UUID.randomUUID().toString().substring(0, 13);
  private final BlockingQueue<Change> outbox = new LinkedBlockingQueue<>(100_000);
  private final Thread sender;
  private Thread listenerThread;
  private volatile Listener listener;
  private volatile boolean closed;
  private volatile Connection listening;
  private long lastSendFailureLog;

  public PostgresClusterBus(PostgresDatabase db) {
    this.db = db;
    sender = new Thread(this::sendLoop, "swfd-cluster-notify");
    sender.setDaemon(true);
    sender.start();
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public void publish(Change change) {
    if (closed || change.isEmpty()) return;
    if (!outbox.offer(change))
      log.warn("cluster notifications are backing up; the sweep will catch up");
  }

  @Override
  public synchronized void listen(Listener l) {
    if (listenerThread != null) throw new IllegalStateException("already listening");
    listener = l;
    listenerThread = new Thread(this::listenLoop, "swfd-cluster-listen");
    listenerThread.setDaemon(true);
    listenerThread.start();
  }

  // ------------------------------------------------------------------ sending

  private void sendLoop() {
    List<Change> batch = new ArrayList<>();
    while (!closed || !outbox.isEmpty()) {
      try {
        Change first = outbox.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        outbox.drainTo(batch, 999);
        send(batch);
      } catch (InterruptedException e) {
        if (closed) break;
      } catch (RuntimeException e) {
        log.warn("sending cluster notifications failed", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void send(List<Change> batch) {
    Payloads tasks = new Payloads();
    Payloads timers = new Payloads();
    for (Change c : batch) encode(c, tasks, timers);
    try {
      db.write(
          c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
              for (String p : tasks.done()) notify(ps, TASKS, p);
              for (String p : timers.done()) notify(ps, TIMERS, p);
            }
            return null;
          });
    } catch (RuntimeException e) {
      long now = System.currentTimeMillis();
      if (now - lastSendFailureLog > 10_000) {
        lastSendFailureLog = now;
        log.warn(
            "cannot notify the other nodes ({}); they catch up by sweeping the store",
            e.toString());
      }
    }
  }

  private static void notify(PreparedStatement ps, String channel, String payload)
      throws SQLException {
    ps.setString(1, channel);
    ps.setString(2, payload);
    ps.execute();
  }

  /** Lines gathered into payloads under PostgreSQL's size limit, each starting with the node id. */
  private final class Payloads {
    private final List<String> out = new ArrayList<>();
    private StringBuilder current;
    private int bytes;

    void add(String line) {
      int n = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (current == null || bytes + n > MAX_PAYLOAD) {
        if (current != null) out.add(current.toString());
        current = new StringBuilder(nodeId);
        bytes = nodeId.length();
      }
      current.append('\n').append(line);
      bytes += n;
    }

    List<String> done() {
      if (current != null) out.add(current.toString());
      current = null;
      return out;
    }
  }

  static void encode(Change c, Payloads tasks, Payloads timers) {
    if (c.version() > 0) tasks.add("V|" + c.runPk() + "|" + c.version());
    for (PendingTask t : c.offered()) {
      TaskListKey k = t.list();
      tasks.add(
          "O|"
              + kind(k)
              + "|"
              + t.priority()
              + "|"
              + t.runPk()
              + "|"
              + t.scheduledEventId()
              + "|"
              + k.region()
              + "|"
              + k.domain()
              + "|"
              + k.name());
    }
    for (PendingTask t : c.gone()) {
      TaskListKey k = t.list();
      tasks.add(
          "G|"
              + kind(k)
              + "|"
              + t.runPk()
              + "|"
              + t.scheduledEventId()
              + "|"
              + k.region()
              + "|"
              + k.domain()
              + "|"
              + k.name());
    }
    if (c.disarmedAll()) timers.add("X|" + c.runPk());
    for (String key : c.disarmed()) timers.add("D|" + c.runPk() + "|" + key);
    for (Map.Entry<String, Instant> a : c.armed().entrySet()) {
      timers.add("A|" + c.runPk() + "|" + a.getValue().toEpochMilli() + "|" + a.getKey());
    }
  }

  private static char kind(TaskListKey k) {
    return k.kind() == TaskListKey.Kind.DECISION ? 'D' : 'A';
  }

  // ------------------------------------------------------------------ receiving

  private void listenLoop() {
    long backoff = 200;
    while (!closed) {
      Connection c = null;
      try {
        c = db.openDedicated();
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + TASKS);
          st.execute("LISTEN " + TIMERS);
        }
        listening = c;
        backoff = 200;
        listener.resync(); // whatever was sent before LISTEN took effect is in the store
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!closed) {
          PGNotification[] ns = pg.getNotifications(500);
          if (ns != null) for (PGNotification n : ns) dispatch(n.getName(), n.getParameter());
          if (System.nanoTime() - lastCheck > TimeUnit.SECONDS.toNanos(5)) {
            // a connection that died silently shows here (and is replaced)
            try (Statement st = c.createStatement()) {
              st.execute("SELECT 1");
            }
            lastCheck = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) break;
        log.warn("cluster listener lost its connection ({}); reconnecting", e.toString());
        sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
      } finally {
        listening = null;
        if (c != null) {
          try {
            c.close();
          } catch (SQLException ignored) {
            // gone already
          }
        }
      }
    }
  }

  private void dispatch(String channel, String payload) {
    int nl = payload.indexOf('\n');
    if (nl < 0 || payload.substring(0, nl).equals(nodeId)) return; // our own
    for (String line : payload.substring(nl + 1).split("\n")) {
      try {
        Change c = decode(line);
        if (c != null) listener.changed(c);
      } catch (RuntimeException e) {
        log.warn("ignoring cluster notification line on {}: {} ({})", channel, line, e.toString());
      }
    }
  }

  static Change decode(String line) {
    String[] f;
    switch (line.charAt(0)) {
      case 'O' -> {
        f = line.split("\\|", 8);
        long runPk = Long.parseLong(f[3]);
        PendingTask t =
            new PendingTask(
                new TaskListKey(f[5], f[6], kind(f[1]), f[7]),
                Integer.parseInt(f[2]),
                0,
                runPk,
                Long.parseLong(f[4]));
        return new Change(runPk, 0, List.of(t), List.of(), Map.of(), Set.of(), false);
      }
      case 'V' -> {
        f = line.split("\\|", 3);
        return new Change(
            Long.parseLong(f[1]),
            Long.parseLong(f[2]),
            List.of(),
            List.of(),
            Map.of(),
            Set.of(),
            false);
      }
      case 'G' -> {
        f = line.split("\\|", 7);
        long runPk = Long.parseLong(f[2]);
        PendingTask t =
            new PendingTask(
                new TaskListKey(f[4], f[5], kind(f[1]), f[6]), 0, 0, runPk, Long.parseLong(f[3]));
        return new Change(runPk, 0, List.of(), List.of(t), Map.of(), Set.of(), false);
      }
      case 'A' -> {
        f = line.split("\\|", 4);
        long runPk = Long.parseLong(f[1]);
        return new Change(
            runPk,
            0,
            List.of(),
            List.of(),
            Map.of(f[3], Instant.ofEpochMilli(Long.parseLong(f[2]))),
            Set.of(),
            false);
      }
      case 'D' -> {
        f = line.split("\\|", 3);
        long runPk = Long.parseLong(f[1]);
        return new Change(runPk, 0, List.of(), List.of(), Map.of(), Set.of(f[2]), false);
      }
      case 'X' -> {
        long runPk = Long.parseLong(line.substring(2));
        return new Change(runPk, 0, List.of(), List.of(), Map.of(), Set.of(), true);
      }
      default -> {
        return null;
      }
    }
  }

  private static TaskListKey.Kind kind(String s) {
    return "D".equals(s) ? TaskListKey.Kind.DECISION : TaskListKey.Kind.ACTIVITY;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    sender.interrupt();
    try {
      sender.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Thread t = listenerThread;
    if (t != null) {
      t.interrupt();
      Connection c = listening;
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
