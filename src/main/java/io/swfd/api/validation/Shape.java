package io.swfd.api.validation;

import java.util.List;
import java.util.Set;

/**
 * One shape of the API model, with its constraints and its member shapes already resolved to
 * objects, so validating a request is a walk over this graph with no name look-ups.
 *
 * <p>{@code min}/{@code max} mean length for strings and lists and value for integers/longs; an
 * absent bound is {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE}. Instances are created by {@link
 * ApiModel} and must be treated as immutable.
 */
public final class Shape {
  public enum Type {
    STRUCTURE,
    LIST,
    STRING,
    INTEGER,
    LONG,
    BOOLEAN,
    TIMESTAMP
  }

  /** A structure member; {@code required} comes from the structure's {@code required} list. */
  public record Member(String name, Shape shape, boolean required) {}

  private final String name;
  private final Type type;
  private final long min;
  private final long max;
  private final List<String> enumValues;
  private final Set<String> enumSet;
  private final String enumText;
  // Filled in by ApiModel after all shapes exist (shapes may refer to each other in any order).
  private List<Member> members = List.of();
  private Shape listMember;

  Shape(String name, Type type, long min, long max, List<String> enumValues) {
    this.name = name;
    this.type = type;
    this.min = min;
    this.max = max;
    this.enumValues = List.copyOf(enumValues);
    this.enumSet = Set.copyOf(enumValues);
    this.enumText = this.enumValues.toString(); // "[A, B]" exactly as Coral prints the set
  }

  void link(List<Member> members, Shape listMember) {
    this.members = List.copyOf(members);
    this.listMember = listMember;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public boolean hasMin() {
    return min != Long.MIN_VALUE;
  }

  public boolean hasMax() {
    return max != Long.MAX_VALUE;
  }

  public long min() {
    return min;
  }

  public long max() {
    return max;
  }

  /** Enum values in model order; empty when the string is unconstrained. */
  public List<String> enumValues() {
    return enumValues;
  }

  public boolean isEnum() {
    return !enumValues.isEmpty();
  }

  boolean enumContains(String value) {
    return enumSet.contains(value);
  }

  String enumText() {
    return enumText;
  }

  /** Structure members in model order (empty for non-structures). */
  public List<Member> members() {
    return members;
  }

  /** Element shape of a list, else null. */
  public Shape listMember() {
    return listMember;
  }

  @Override
  public String toString() {
    return name + "(" + type + ")";
  }
}
