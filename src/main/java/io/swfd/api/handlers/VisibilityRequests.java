package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.api.SwfFault;
import io.swfd.store.VisibilityQuery;
import java.time.Instant;

/**
 * Reads the filters of List/Count Open/Closed executions with SWF's rules: open runs are filtered
 * by start time; closed runs by exactly one of start or close time; and at most one of
 * executionFilter, typeFilter, tagFilter (and closeStatusFilter for closed runs). SWF's wording for
 * a violation is not documented; swfd answers ValidationException naming the rule.
 */
final class VisibilityRequests {
  private VisibilityRequests() {}

  static VisibilityQuery query(
      CallContext ctx, JsonNode in, boolean open, int limit, VisibilityQuery.Page after) {
    JsonNode start = in.get("startTimeFilter");
    JsonNode close = open ? null : in.get("closeTimeFilter");
    if (!open && (start == null) == (close == null)) {
      throw SwfFault.validation(
          "Exactly one of startTimeFilter and closeTimeFilter must be specified");
    }
    int filters =
        count(in, "executionFilter")
            + count(in, "typeFilter")
            + count(in, "tagFilter")
            + (open ? 0 : count(in, "closeStatusFilter"));
    if (filters > 1) {
      throw SwfFault.validation(
          open
              ? "Only one of executionFilter, typeFilter and tagFilter may be specified"
              : "Only one of executionFilter, typeFilter, tagFilter and closeStatusFilter may be specified");
    }
    JsonNode window = close != null ? close : start;
    Instant oldest = Json.instant(window, "oldestDate");
    Instant latest = Json.instant(window, "latestDate");
    return VisibilityQuery.builder(ctx.region(), Json.str(in, "domain"), open)
        .byCloseTime(close != null)
        .window(oldest, latest)
        .workflowId(Json.nested(in, "executionFilter", "workflowId"))
        .type(Json.nested(in, "typeFilter", "name"), Json.nested(in, "typeFilter", "version"))
        .tag(Json.nested(in, "tagFilter", "tag"))
        .closeStatus(open ? null : Json.nested(in, "closeStatusFilter", "status"))
        .reverse(Json.bool(in, "reverseOrder"))
        .limit(limit)
        .after(after)
        .build();
  }

  private static int count(JsonNode in, String member) {
    JsonNode n = in.get(member);
    return n == null || n.isNull() ? 0 : 1;
  }
}
