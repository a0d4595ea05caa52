package io.swfd.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An IAM identity policy, as SWF uses them (SWF Developer Guide, 'Identity and Access Management in
 * Amazon SWF'): statements with {@code Effect} Allow/Deny, {@code Action}/{@code NotAction} with
 * {@code *} and {@code ?} wildcards, {@code Resource}/{@code NotResource} (domain ARNs, wildcards
 * allowed) and {@code Condition}s on the request's keys. Evaluation as in IAM: an explicit Deny
 * wins, else any matching Allow allows, else the request is denied by default.
 *
 * <p>Condition operators: StringEquals, StringNotEquals, StringEqualsIgnoreCase,
 * StringNotEqualsIgnoreCase, StringLike, StringNotLike (each also as {@code ...IfExists}) and Null.
 * Several values under one key match if any does (for the negated operators: if none does); several
 * keys and several operators must all match. A key the request does not have fails the positive
 * operators and satisfies the negated ones, as in IAM. Condition key names are case-insensitive,
 * values are not (except for the IgnoreCase operators).
 */
public final class Policy {
  public enum Effect {
    ALLOW,
    DENY
  }

  /** The outcome for one request. */
  public enum Decision {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  private final List<Statement> statements;

  private Policy(List<Statement> statements) {
    this.statements = List.copyOf(statements);
  }

  /**
   * Reads a policy document ({@code {"Version": ..., "Statement": [...]}}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Policy parse(JsonNode doc) {
    if (doc == null || !doc.isObject())
      throw new IllegalArgumentException("a policy must be a JSON object with a Statement");
    JsonNode st = doc.get("Statement");
    if (st == null || st.isNull())
      throw new IllegalArgumentException("the policy has no Statement");
    List<Statement> out = new ArrayList<>();
    if (st.isArray()) {
      int i = 0;
      for (JsonNode s : st) out.add(Statement.parse(s, i++));
    } else {
      out.add(Statement.parse(st, 0));
    }
    return new Policy(out);
  }

  public Decision evaluate(String action, String resource, Map<String, String> conditions) {
    boolean allowed = false;
    for (Statement s : statements) {
      if (!s.matches(action, resource, conditions)) continue;
      if (s.effect == Effect.DENY) return Decision.EXPLICIT_DENY;
      allowed = true;
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }

  public boolean allows(String action, String resource, Map<String, String> conditions) {
    return evaluate(action, resource, conditions) == Decision.ALLOW;
  }

  private record Statement(
      Effect effect,
      List<String> actions,
      boolean notAction,
      List<String> resources,
      boolean notResource,
      List<Condition> conditions) {
    static Statement parse(JsonNode s, int index) {
      String where = "Statement[" + index + "]";
      if (!s.isObject()) throw new IllegalArgumentException(where + " must be an object");
      String effect = s.path("Effect").asText("");
      Effect e =
          switch (effect) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default ->
                throw new IllegalArgumentException(
                    where + ": Effect must be Allow or Deny, not '" + effect + "'");
          };
      boolean notAction = s.has("NotAction");
      if (notAction == s.has("Action")) {
        throw new IllegalArgumentException(where + " needs exactly one of Action and NotAction");
      }
      boolean notResource = s.has("NotResource");
      if (notResource && s.has("Resource")) {
        throw new IllegalArgumentException(where + " may not have both Resource and NotResource");
      }
      List<String> actions =
          strings(
              s.get(notAction ? "NotAction" : "Action"),
              where + (notAction ? ".NotAction" : ".Action"));
      // IAM requires a Resource in identity policies; a missing one is read as "*" to keep
      // hand-written configs short (there is only one resource type, the domain)
      List<String> resources =
          s.has("Resource") || notResource
              ? strings(s.get(notResource ? "NotResource" : "Resource"), where + ".Resource")
              : List.of("*");
      List<Condition> conditions = new ArrayList<>();
      JsonNode c = s.get("Condition");
      if (c != null && !c.isNull()) {
        if (!c.isObject())
          throw new IllegalArgumentException(where + ".Condition must be an object");
        for (Iterator<Map.Entry<String, JsonNode>> it = c.properties().iterator(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> op = it.next();
          if (!op.getValue().isObject()) {
            throw new IllegalArgumentException(
                where + ".Condition." + op.getKey() + " must map condition keys to values");
          }
          for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().properties().iterator();
              keys.hasNext(); ) {
            Map.Entry<String, JsonNode> k = keys.next();
            conditions.add(
                Condition.of(
                    op.getKey(),
                    k.getKey(),
                    strings(k.getValue(), where + ".Condition." + op.getKey() + "." + k.getKey()),
                    where));
          }
        }
      }
      return new Statement(e, actions, notAction, resources, notResource, conditions);
    }

    boolean matches(String action, String resource, Map<String, String> ctx) {
      boolean a = false;
      for (String p : actions) {
        if (Wildcards.matches(p.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT))) {
          a = true;
          break;
        }
      }
      if (a == notAction) return false;
      boolean r = false;
      for (String p : resources) {
        if (Wildcards.matches(p, resource)) {
          r = true;
          break;
        }
      }
      if (r == notResource) return false;
      for (Condition c : conditions) if (!c.test(ctx)) return false;
      return true;
    }
  }

  private record Condition(
      String operator, String key, List<String> values, Op op, boolean negated, boolean ifExists) {
    enum Op {
      EQUALS,
      EQUALS_IGNORE_CASE,
      LIKE,
      NULL
    }

    static Condition of(String operator, String key, List<String> values, String where) {
      String base = operator;
      boolean ifExists = base.endsWith("IfExists");
      if (ifExists) base = base.substring(0, base.length() - "IfExists".length());
      Op op;
      boolean negated = false;
      switch (base) {
        case "StringEquals" -> op = Op.EQUALS;
        case "StringNotEquals" -> {
          op = Op.EQUALS;
          negated = true;
        }
        case "StringEqualsIgnoreCase" -> op = Op.EQUALS_IGNORE_CASE;
        case "StringNotEqualsIgnoreCase" -> {
          op = Op.EQUALS_IGNORE_CASE;
          negated = true;
        }
        case "StringLike" -> op = Op.LIKE;
        case "StringNotLike" -> {
          op = Op.LIKE;
          negated = true;
        }
        case "Null" -> {
          if (ifExists)
            throw new IllegalArgumentException(
                where + ": NullIfExists is not a condition operator");
          op = Op.NULL;
          for (String v : values) {
            if (!v.equals("true") && !v.equals("false")) {
              throw new IllegalArgumentException(
                  where + ": Null takes true or false, not '" + v + "'");
            }
          }
        }
        default ->
            throw new IllegalArgumentException(
                where
                    + ": unsupported condition operator '"
                    + operator
                    + "' (supported: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, "
                    + "StringLike, StringNotLike, each with IfExists, and Null)");
      }
      return new Condition(operator, key.toLowerCase(Locale.ROOT), values, op, negated, ifExists);
    }

    boolean test(Map<String, String> ctx) {
      String v = lookup(ctx, key);
      if (op == Op.NULL) {
        boolean isNull = v == null;
        for (String want : values) if (Boolean.parseBoolean(want) == isNull) return true;
        return false;
      }
      if (v == null) return ifExists || negated;
      boolean any = false;
      for (String p : values) {
        boolean m =
            switch (op) {
              case EQUALS -> p.equals(v);
              case EQUALS_IGNORE_CASE -> p.equalsIgnoreCase(v);
              case LIKE -> Wildcards.matches(p, v);
              case NULL -> false;
            };
        if (m) {
          any = true;
          break;
        }
      }
      return negated != any;
    }

    private static String lookup(Map<String, String> ctx, String lowerKey) {
      if (ctx == null || ctx.isEmpty()) return null;
      for (Map.Entry<String, String> e : ctx.entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerKey)) return e.getValue();
      }
      return null;
    }
  }

  private static List<String> strings(JsonNode n, String where) {
    if (n == null || n.isNull()) throw new IllegalArgumentException(where + " is missing");
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!e.isValueNode() || e.isNull())
          throw new IllegalArgumentException(where + " must hold strings");
        out.add(e.asText());
      }
    } else if (n.isValueNode()) {
      out.add(n.asText());
    } else {
      throw new IllegalArgumentException(where + " must be a string or a list of strings");
    }
    if (out.isEmpty()) throw new IllegalArgumentException(where + " is empty");
    return out;
  }
}
