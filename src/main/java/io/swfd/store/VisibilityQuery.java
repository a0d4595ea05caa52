package io.swfd.store;

import java.time.Instant;

/**
 * A List/Count Open/Closed executions request. Exactly one time window applies (start time for open
 * runs; start or close time for closed ones); at most one of workflowId, type, tag and close status
 * filters. Results are newest first by the windowed time unless {@code reverse}.
 *
 * @param after the (time, runPk) of the last row of the previous page, or null
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
    long[] after) {}
