package io.swfd.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.swfd.api.CallContext;
import io.swfd.api.Json;
import io.swfd.store.TypeKey;
import io.swfd.store.TypeKind;

/** Reads the type a request names: {@code workflowType} / {@code activityType} {name, version}. */
final class TypeRequests {
  private TypeRequests() {}

  static String member(TypeKind kind) {
    return kind == TypeKind.WORKFLOW ? "workflowType" : "activityType";
  }

  static TypeKey key(TypeKind kind, CallContext ctx, JsonNode in) {
    JsonNode t = in.get(member(kind));
    return new TypeKey(
        kind, ctx.region(), Json.str(in, "domain"), Json.str(t, "name"), Json.str(t, "version"));
  }
}
