package io.swfd.engine;

import io.swfd.run.Fault;
import io.swfd.run.RunNotFoundException;
import java.util.Optional;

/**
 * Which domain a task token's task belongs to: token calls (Respond*, RecordActivityTaskHeartbeat)
 * are authorized against the domain that owns the task (SWF Developer Guide, 'Identity and Access
 * Management in Amazon SWF', the resource of each API action).
 */
public final class TaskOwners {
  public record Owner(String region, String domain) {}

  private final Runs runs;
  private final TaskTokens tokens;

  public TaskOwners(Runs runs, TaskTokens tokens) {
    this.runs = runs;
    this.tokens = tokens;
  }

  /**
   * The owner of a token's run; empty when the token is forged or malformed, or its run is gone.
   */
  public Optional<Owner> of(String token, TaskTokens.Kind kind) {
    if (token == null) return Optional.empty();
    TaskTokens.Task t;
    try {
      t = tokens.open(token, kind);
    } catch (Fault | IllegalArgumentException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(runs.read(t.runPk(), s -> new Owner(s.region, s.domain)));
    } catch (RunNotFoundException gone) {
      return Optional.empty();
    }
  }
}
