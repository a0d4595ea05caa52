package io.swfd.store;

import java.time.Instant;

/**
 * A List/Count Open/Closed executions request. Exactly one time window applies (start time for open
 * runs; start or close time for closed ones); at most one of workflowId, type, tag and close status
 * filters. Results are newest first by the windowed time unless {@code reverse}. Made with {@link
 * #builder}.
 *
 * @param after where the previous page ended, or null for the first page
 */
public record VisibilityQuery(
    String region,
    String domain,
    boolean open,
    boolean byCloseTime,
    Instant oldest,
    Instant latest,
    String workflowId,
    String typeName,
    String typeVersion,
    String tag,
    String closeStatus,
    boolean reverse,
    int limit,
    Page after) {

  /**
   * The last row of the previous page: its windowed time (epoch milliseconds) and its run's key.
   */
  public record Page(long time, long runPk) {}

  /**
   * A query of a domain's open or closed runs, by start time, newest first, without filters or a
   * limit; the builder's methods change that.
   */
  public static Builder builder(String region, String domain, boolean open) {
    return new Builder(region, domain, open);
  }

  /** Builds a {@link VisibilityQuery}; every filter is unset (null) until set. */
  public static final class Builder {
    private final String region;
    private final String domain;
    private final boolean open;
    private boolean byCloseTime;
    private Instant oldest;
    private Instant latest;
    private String workflowId;
    private String typeName;
    private String typeVersion;
    private String tag;
    private String closeStatus;
    private boolean reverse;
    private int limit = Integer.MAX_VALUE;
    private Page after;

    private Builder(String region, String domain, boolean open) {
      this.region = region;
      this.domain = domain;
      this.open = open;
    }

    /** Filters closed runs by close time instead of start time. */
    public Builder byCloseTime(boolean b) {
      byCloseTime = b;
      return this;
    }

    /** The time window, either end null for open-ended. */
    public Builder window(Instant oldest, Instant latest) {
      this.oldest = oldest;
      this.latest = latest;
      return this;
    }

    public Builder workflowId(String w) {
      workflowId = w;
      return this;
    }

    /** A type filter; a null version matches every version. */
    public Builder type(String name, String version) {
      typeName = name;
      typeVersion = version;
      return this;
    }

    public Builder tag(String t) {
      tag = t;
      return this;
    }

    public Builder closeStatus(String c) {
      closeStatus = c;
      return this;
    }

    /** Oldest first. */
    public Builder reverse(boolean r) {
      reverse = r;
      return this;
    }

    public Builder limit(int n) {
      limit = n;
      return this;
    }

    /** The page after the one that ended here (null: the first page). */
    public Builder after(Page p) {
      after = p;
      return this;
    }

    public VisibilityQuery build() {
      return new VisibilityQuery(
          region,
          domain,
          open,
          byCloseTime,
          oldest,
          latest,
          workflowId,
          typeName,
          typeVersion,
          tag,
          closeStatus,
          reverse,
          limit,
          after);
    }
  }
}
