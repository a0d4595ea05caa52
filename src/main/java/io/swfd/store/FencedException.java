package io.swfd.store;

/**
 * A commit for a shard this node no longer owns under the epoch it holds: another node took the
 * shard (this node was paused, cut off or slow past its lease). Nothing was written; the node drops
 * the shard and the caller is answered with a retryable error.
 */
public final class FencedException extends StoreException {
  private final int shard;
  private final long epoch;

  public FencedException(int shard, long epoch) {
    super("shard " + shard + " is no longer owned under epoch " + epoch);
    this.shard = shard;
    this.epoch = epoch;
  }

  public int shard() {
    return shard;
  }

  /** The epoch the refused write was made under. */
  public long epoch() {
    return epoch;
  }
}
