package io.swfd.auth;

import io.swfd.api.CallContext;
import io.swfd.api.Caller;
import io.swfd.engine.DecisionPermissions;
import java.util.Map;

/**
 * The decisions a caller may make, by its policy: {@code swf:<DecisionType>} on the run's domain.
 */
public final class PolicyDecisionPermissions implements DecisionPermissions {
  private final Caller caller;
  private final String account;

  private PolicyDecisionPermissions(Caller caller, String account) {
    this.caller = caller;
    this.account = account;
  }

  /** For the caller of a request ({@link DecisionPermissions#ALL} when requests are not signed). */
  public static DecisionPermissions of(CallContext ctx) {
    Caller c = ctx.caller();
    if (c == Caller.ANYONE || (c instanceof Principal p && p.credential().policy() == null))
      return DecisionPermissions.ALL;
    return new PolicyDecisionPermissions(c, ctx.account());
  }

  @Override
  public boolean permits(
      String action, String region, String domain, Map<String, String> conditions) {
    return caller.allows(
        "swf:" + action,
        "arn:aws:swf:" + region + ":" + account + ":/domain/" + domain,
        conditions);
  }
}
