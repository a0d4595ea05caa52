package io.swfd.executions.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.run.Lifecycles;
import io.swfd.run.RunState;
import io.swfd.store.jdbc.RunCodec;
import io.swfd.store.jdbc.Sql;
import io.swfd.store.sqlite.SqliteDatabase;
import io.swfd.support.SwfTestClient;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.CloseStatus;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsRequest;
import software.amazon.awssdk.services.swf.model.ListClosedWorkflowExecutionsResponse;
import software.amazon.awssdk.services.swf.model.WorkflowExecutionInfo;

/**
 * Visibility over 100,000 closed runs: the store is filled directly (no HTTP: plain JDBC on the
 * store's writer, one transaction per 10,000 runs), then a server opens it and filtered pages are
 * read through the SDK. Prints how long each page took; asserts only what came back (timings depend
 * on the machine).
 */
class VisibilityScaleTest {
  private static final int RUNS = 100_000;
  private static final int TYPES = 20;
  private static final int TAGS = 50;
  private static final CloseStatus[] STATUSES = {
    CloseStatus.COMPLETED,
    CloseStatus.FAILED,
    CloseStatus.CANCELED,
    CloseStatus.TERMINATED,
    CloseStatus.CONTINUED_AS_NEW,
    CloseStatus.TIMED_OUT
  };

  /** Run i started at BASE + i minutes and closed (i * 7919 mod 10,000) seconds later. */
  private static final Instant BASE = Instant.parse("2029-01-01T00:00:00Z");

  private static final String DOMAIN = "scale";
  private static final String REGION = "us-east-1";

  private static SwfTestClient kit;
  private static SwfClient swf;

  private static long started(int i) {
    return BASE.toEpochMilli() + i * 60_000L;
  }

  private static long closed(int i) {
    return started(i) + (i * 7919L % 10_000) * 1000;
  }

  private static String type(int i) {
    return "type-" + (i % TYPES);
  }

  private static String version(int i) {
    return (i / TYPES) % 2 == 0 ? "1" : "2";
  }

  private static List<String> tags(int i) {
    return List.of("tag-" + (i % TAGS), i % 2 == 0 ? "even" : "odd");
  }

  private static CloseStatus status(int i) {
    return STATUSES[i % STATUSES.length];
  }

  @BeforeAll
  static void build() {
    kit = SwfTestClient.system();
    swf = kit.swf();
    swf.registerDomain(r -> r.name(DOMAIN).workflowExecutionRetentionPeriodInDays("90"));
    kit.swfd().stop();
    long t0 = System.nanoTime();
    SqliteDatabase db = new SqliteDatabase(kit.swfd().dataDir(), (writes, nanos) -> {});
    try {
      // plain JDBC on the store's own writer connection: the same rows SqliteRunStore.commit writes
      // (run row with its state document, one run_tags row per tag), in batches of 10,000 per
      // transaction
      // a big page cache while filling (this connection is closed before the server opens the
      // store)
      db.writer().write(c -> Sql.execute(c, "PRAGMA cache_size=-262144"));
      for (int from = 0; from < RUNS; from += 10_000) {
        int first = from;
        db.writer()
            .write(
                c -> {
                  try (PreparedStatement runs =
                          c.prepareStatement(
                              "INSERT INTO runs(run_pk,region,domain,workflow_id,run_id,"
                                  + "type_name,type_version,status,close_status,start_ts,close_ts,tags,version,state) "
                                  + "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                      PreparedStatement tags =
                          c.prepareStatement("INSERT INTO run_tags(run_pk,tag) VALUES(?,?)")) {
                    for (int i = first; i < first + 10_000; i++) {
                      RunState s = run(i);
                      Sql.bind(
                          runs,
                          s.runPk,
                          s.region,
                          s.domain,
                          s.workflowId,
                          s.runId,
                          s.typeName,
                          s.typeVersion,
                          s.status,
                          s.closeStatus,
                          s.startedAt,
                          s.closedAt,
                          RunCodec.attributes(Map.of("tags", s.tagList)),
                          s.version,
                          RunCodec.state(s));
                      runs.addBatch();
                      for (String tag : s.tagList) {
                        Sql.bind(tags, s.runPk, tag);
                        tags.addBatch();
                      }
                    }
                    runs.executeBatch();
                    tags.executeBatch();
                  }
                  return null;
                });
      }
    } finally {
      db.close();
    }
    System.out.printf(
        "store of %,d closed runs built in %d ms%n", RUNS, (System.nanoTime() - t0) / 1_000_000);
    kit.swfd().startAgain();
    // one unfiltered page first, so that the timings below are of the filtered reads, not of a cold
    // server
    swf.listClosedWorkflowExecutions(
        r ->
            r.domain(DOMAIN)
                .closeTimeFilter(f -> f.oldestDate(Instant.EPOCH))
                .maximumPageSize(100));
  }

  private static RunState run(int i) {
    RunState s = new RunState();
    s.runPk = i + 1L;
    s.version = 1;
    s.region = REGION;
    s.domain = DOMAIN;
    s.workflowId = "wf-" + i;
    s.runId = String.format("run-%039d", i);
    s.typeName = type(i);
    s.typeVersion = version(i);
    s.taskList = "list";
    s.taskPriority = "0";
    s.executionStartToCloseTimeout = "3600";
    s.taskStartToCloseTimeout = "300";
    s.childPolicy = "TERMINATE";
    s.tagList = new ArrayList<>(tags(i));
    s.retentionDays = "90";
    s.startedAt = started(i);
    s.closedAt = closed(i);
    s.status = Lifecycles.RunStatus.CLOSED;
    s.closeStatus = RunState.CloseStatus.valueOf(status(i).toString());
    s.nextEventId = 3;
    return s;
  }

  @AfterAll
  static void down() {
    kit.close();
  }

  /** Runs the request a few times; prints the fastest and the first; returns the last response. */
  private static ListClosedWorkflowExecutionsResponse timed(
      String what, Consumer<ListClosedWorkflowExecutionsRequest.Builder> req) {
    ListClosedWorkflowExecutionsResponse last = null;
    long first = 0;
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 5; k++) {
      long t0 = System.nanoTime();
      last =
          swf.listClosedWorkflowExecutions(
              r -> {
                r.domain(DOMAIN);
                req.accept(r);
              });
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (k == 0) first = ms;
      best = Math.min(best, ms);
    }
    System.out.printf(
        "%-60s first %4d ms, best %4d ms (%d rows)%n",
        what, first, best, last.executionInfos().size());
    return last;
  }

  /**
   * The runs a filter matches, newest close first (or newest start first), as the server must page
   * them.
   */
  private static List<String> expected(IntPredicate match, boolean byClose, int limit) {
    Integer[] ids = new Integer[RUNS];
    int n = 0;
    for (int i = 0; i < RUNS; i++) if (match.test(i)) ids[n++] = i;
    Integer[] found = Arrays.copyOf(ids, n);
    Arrays.sort(
        found,
        (a, b) -> {
          long ta = byClose ? closed(a) : started(a);
          long tb = byClose ? closed(b) : started(b);
          return ta != tb ? Long.compare(tb, ta) : Integer.compare(b, a);
        });
    List<String> out = new ArrayList<>();
    for (int k = 0; k < Math.min(limit, found.length); k++) out.add("wf-" + found[k]);
    return out;
  }

  private static long count(IntPredicate match) {
    long c = 0;
    for (int i = 0; i < RUNS; i++) if (match.test(i)) c++;
    return c;
  }

  private static List<String> ids(List<WorkflowExecutionInfo> infos) {
    return infos.stream().map(i -> i.execution().workflowId()).toList();
  }

  private static Instant minute(int i) {
    return Instant.ofEpochMilli(started(i));
  }

  @Test
  void typeFilterAndCloseWindow() {
    Instant from = minute(40_000);
    Instant to = minute(60_000);
    IntPredicate match =
        i ->
            type(i).equals("type-7")
                && closed(i) >= from.toEpochMilli()
                && closed(i) <= to.toEpochMilli();
    var page =
        timed(
            "typeFilter(name) + closeTimeFilter window, page 100",
            r ->
                r.typeFilter(f -> f.name("type-7"))
                    .closeTimeFilter(f -> f.oldestDate(from).latestDate(to))
                    .maximumPageSize(100));
    assertThat(ids(page.executionInfos())).containsExactlyElementsOf(expected(match, true, 100));
    assertThat(page.nextPageToken()).isNotNull();
    var second =
        timed(
            "  ... its second page",
            r ->
                r.typeFilter(f -> f.name("type-7"))
                    .closeTimeFilter(f -> f.oldestDate(from).latestDate(to))
                    .maximumPageSize(100)
                    .nextPageToken(page.nextPageToken()));
    assertThat(ids(second.executionInfos()))
        .containsExactlyElementsOf(expected(match, true, 200).subList(100, 200));

    IntPredicate versioned =
        i -> type(i).equals("type-7") && version(i).equals("2") && closed(i) >= from.toEpochMilli();
    var v =
        timed(
            "typeFilter(name+version) + closeTimeFilter, page 100",
            r ->
                r.typeFilter(f -> f.name("type-7").version("2"))
                    .closeTimeFilter(f -> f.oldestDate(from))
                    .maximumPageSize(100));
    assertThat(ids(v.executionInfos())).containsExactlyElementsOf(expected(versioned, true, 100));
    assertThat(v.executionInfos())
        .allSatisfy(i -> assertThat(i.workflowType().version()).isEqualTo("2"));
  }

  @Test
  void tagFilterAndCloseWindow() {
    Instant from = minute(10_000);
    IntPredicate match = i -> tags(i).contains("tag-13") && closed(i) >= from.toEpochMilli();
    var page =
        timed(
            "tagFilter(1 in 50) + closeTimeFilter, page 100",
            r ->
                r.tagFilter(f -> f.tag("tag-13"))
                    .closeTimeFilter(f -> f.oldestDate(from))
                    .maximumPageSize(100));
    assertThat(ids(page.executionInfos())).containsExactlyElementsOf(expected(match, true, 100));
    IntPredicate even = i -> i % 2 == 0 && closed(i) >= from.toEpochMilli();
    var common =
        timed(
            "tagFilter(1 in 2) + closeTimeFilter, page 100, reverse",
            r ->
                r.tagFilter(f -> f.tag("even"))
                    .closeTimeFilter(f -> f.oldestDate(from))
                    .maximumPageSize(100)
                    .reverseOrder(true));
    List<String> all = expected(even, true, RUNS);
    List<String> oldestFirst =
        new ArrayList<>(all.subList(Math.max(0, all.size() - 100), all.size()));
    java.util.Collections.reverse(oldestFirst);
    assertThat(ids(common.executionInfos())).containsExactlyElementsOf(oldestFirst);
  }

  @Test
  void otherFilters() {
    Instant from = minute(0);
    var status =
        timed(
            "closeStatusFilter + closeTimeFilter, page 100",
            r ->
                r.closeStatusFilter(f -> f.status(CloseStatus.FAILED))
                    .closeTimeFilter(f -> f.oldestDate(from))
                    .maximumPageSize(100));
    assertThat(ids(status.executionInfos()))
        .containsExactlyElementsOf(expected(i -> status(i) == CloseStatus.FAILED, true, 100));
    var byStart =
        timed(
            "typeFilter + startTimeFilter window, page 100",
            r ->
                r.typeFilter(f -> f.name("type-3"))
                    .startTimeFilter(f -> f.oldestDate(minute(20_000)).latestDate(minute(30_000)))
                    .maximumPageSize(100));
    assertThat(ids(byStart.executionInfos()))
        .containsExactlyElementsOf(
            expected(i -> type(i).equals("type-3") && i >= 20_000 && i <= 30_000, false, 100));
    var one =
        timed(
            "executionFilter + closeTimeFilter",
            r ->
                r.executionFilter(f -> f.workflowId("wf-54321"))
                    .closeTimeFilter(f -> f.oldestDate(from)));
    assertThat(ids(one.executionInfos())).containsExactly("wf-54321");
    assertThat(one.executionInfos().get(0).tagList()).containsExactlyElementsOf(tags(54_321));
    var plain =
        timed(
            "closeTimeFilter only, page 100",
            r -> r.closeTimeFilter(f -> f.oldestDate(from)).maximumPageSize(100));
    assertThat(ids(plain.executionInfos()))
        .containsExactlyElementsOf(expected(i -> true, true, 100));
  }

  @Test
  void counts() {
    long t0 = System.nanoTime();
    int all =
        swf.countClosedWorkflowExecutions(
                r -> r.domain(DOMAIN).closeTimeFilter(f -> f.oldestDate(Instant.EPOCH)))
            .count();
    long t1 = System.nanoTime();
    int typed =
        swf.countClosedWorkflowExecutions(
                r ->
                    r.domain(DOMAIN)
                        .closeTimeFilter(f -> f.oldestDate(minute(50_000)))
                        .typeFilter(f -> f.name("type-11")))
            .count();
    long t2 = System.nanoTime();
    int tagged =
        swf.countClosedWorkflowExecutions(
                r ->
                    r.domain(DOMAIN)
                        .startTimeFilter(f -> f.oldestDate(Instant.EPOCH))
                        .tagFilter(f -> f.tag("tag-42")))
            .count();
    long t3 = System.nanoTime();
    System.out.printf(
        "count all %d ms, count type+window %d ms, count tag %d ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    assertThat(all).isEqualTo(RUNS);
    assertThat(typed)
        .isEqualTo(
            count(i -> type(i).equals("type-11") && closed(i) >= minute(50_000).toEpochMilli()));
    assertThat(tagged).isEqualTo(RUNS / TAGS);
  }
}
