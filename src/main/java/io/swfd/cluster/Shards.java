package io.swfd.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Which shard a run or a task list belongs to. A cluster has a fixed number of shards (stored in
 * the database when it is first set up); a run's shard is a hash of its region, domain and
 * workflowId, so every run of one workflow id lives in one shard (and the uniqueness of open
 * workflow ids stays a check inside one shard); a task list's shard is a hash of its region,
 * domain, kind and name. The hash (64-bit FNV-1a over the UTF-8 bytes) never changes between
 * releases: nodes of different versions must agree on it.
 */
public final class Shards {
  /** The number of shards a new cluster is set up with. */
  public static final int DEFAULT_COUNT = 64;

  private final int count;

  public Shards(int count) {
    if (count < 1 || count > 4096)
      throw new IllegalArgumentException("a cluster has 1 to 4096 shards, not " + count);
    this.count = count;
  }

  public int count() {
    return count;
  }

  /** The shard of the runs of one workflow id. */
  public int ofRun(String region, String domain, String workflowId) {
    return of("run", region, domain, workflowId);
  }

  /** The shard of a task list ({@code kind}: "decision" or "activity"). */
  public int ofTaskList(String region, String domain, String kind, String list) {
    return of("list", region, domain, kind + '\u0000' + list);
  }

  private int of(String what, String region, String domain, String key) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, what);
    h = mix(h, region);
    h = mix(h, domain);
    h = mix(h, key);
    return (int) Long.remainderUnsigned(h, count);
  }

  private static long mix(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    // a separator that no UTF-8 byte equals, so that ("ab", "c") and ("a", "bc") differ
    h ^= 0xff;
    h *= 0x100000001b3L;
    return h;
  }
}
