package io.swfd.store.jdbc;

import static io.swfd.store.jdbc.Sql.bind;

import io.swfd.run.HistoryEvent;
import io.swfd.run.RunState;
import io.swfd.store.RunStore;
import io.swfd.store.TimerRow;
import io.swfd.store.VisibilityQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Runs on a SQL store: everything but the commit is the same SQL in every dialect (see {@link
 * RunSql}); a dialect adds only how it commits and how it inserts a new run.
 */
public abstract class JdbcRunStore implements RunStore {
  protected final JdbcAccess db;

  protected JdbcRunStore(JdbcAccess db) {
    this.db = db;
  }

  @Override
  public Optional<RunState> load(long runPk) {
    return db.read(c -> RunSql.load(c, runPk));
  }

  @Override
  public void recordHeartbeat(long runPk, long scheduledEventId, Instant beatAt, String details) {
    db.write(c -> RunSql.recordHeartbeat(c, runPk, scheduledEventId, beatAt, details));
  }

  @Override
  public CompletableFuture<Void> recordHeartbeatQueued(
      long runPk, long scheduledEventId, Instant beatAt, String details) {
    return recordHeartbeatQueued(runPk, scheduledEventId, beatAt, details, List.of());
  }

  @Override
  public CompletableFuture<Void> recordHeartbeatQueued(
      long runPk,
      long scheduledEventId,
      Instant beatAt,
      String details,
      List<io.swfd.store.Fence> fences) {
    String text = RunCodec.text(details); // made here: the writer thread only runs SQL
    return db.submit(
        c -> RunSql.recordHeartbeatText(c, runPk, scheduledEventId, beatAt, text), fences);
  }

  @Override
  public Optional<RunName> name(long runPk) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT region, domain, workflow_id FROM runs WHERE run_pk=?")) {
            bind(ps, runPk);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new RunName(rs.getString(1), rs.getString(2), rs.getString(3)))
                  : Optional.<RunName>empty();
            }
          }
        });
  }

  @Override
  public OptionalLong findRun(String region, String domain, String workflowId, String runId) {
    return findPk(
        "SELECT run_pk FROM runs WHERE region=? AND domain=? AND workflow_id=? AND run_id=?",
        region,
        domain,
        workflowId,
        runId);
  }

  @Override
  public OptionalLong findOpenRun(String region, String domain, String workflowId) {
    return findPk(
        "SELECT run_pk FROM runs WHERE region=? AND domain=? AND workflow_id=? AND status='OPEN'",
        region,
        domain,
        workflowId);
  }

  private OptionalLong findPk(String sql, Object... args) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
          }
        });
  }

  @Override
  public List<HistoryEvent> events(
      long runPk, long afterEventId, long upToEventId, boolean reverse, int limit) {
    return db.read(c -> RunSql.events(c, runPk, afterEventId, upToEventId, reverse, limit));
  }

  @Override
  public List<RunState> listRuns(VisibilityQuery q) {
    List<Object> args = new ArrayList<>();
    String sql = RunSql.listRuns(q, args);
    return db.read(c -> RunSql.states(c, sql, args.toArray()));
  }

  @Override
  public int countRuns(VisibilityQuery q) {
    List<Object> args = new ArrayList<>();
    String sql = RunSql.countRuns(q, args);
    return db.read(c -> Sql.count(c, sql, args.toArray()));
  }

  @Override
  public void deleteRun(long runPk) {
    db.write(c -> RunSql.deleteRun(c, runPk));
  }

  @Override
  public List<RunState> openRuns() {
    return db.read(RunSql::openRuns);
  }

  @Override
  public List<TimerRow> timers(long runPk) {
    return db.read(c -> RunSql.timersOf(c, runPk));
  }

  @Override
  public List<TimerRow> timersDueBetween(Instant after, Instant until) {
    return db.read(c -> RunSql.timersDueBetween(c, after, until));
  }

  @Override
  public Instant earliestTimerAfter(Instant after) {
    return db.read(c -> RunSql.earliestTimerAfter(c, after));
  }

  @Override
  public Map<Long, Long> openRunVersions() {
    return db.read(RunSql::openRunVersions);
  }
}
