package io.swfd.matching;

import java.util.concurrent.CompletableFuture;

/**
 * A poller waiting for a task. {@code result} completes with what the starter made of the task it
 * received, or with null when the hold ran out.
 */
public final class Poll<R> {
  final String identity;
  final ClientConnection connection;
  final CompletableFuture<R> result = new CompletableFuture<>();

  public Poll(String identity, ClientConnection connection) {
    this.identity = identity;
    this.connection = connection;
  }

  public String identity() {
    return identity;
  }

  public CompletableFuture<R> result() {
    return result;
  }
}
