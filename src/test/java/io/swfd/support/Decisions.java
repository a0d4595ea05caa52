package io.swfd.support;

import java.util.function.Consumer;
import software.amazon.awssdk.services.swf.model.Decision;

/** Decisions for the SDK's {@code respondDecisionTaskCompleted} builders. */
public final class Decisions {
  private Decisions() {}

  /**
   * One decision, built the SDK's way: {@code .decisions(decision(d -> d.decisionType(...)))}
   * rather than the SDK's {@code decisions(Consumer<Decision.Builder>...)}, a generic varargs
   * method every call of which javac warns about.
   */
  public static Decision decision(Consumer<Decision.Builder> d) {
    return Decision.builder().applyMutation(d).build();
  }
}
