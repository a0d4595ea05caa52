package io.swfd.store;

/**
 * What a write made by a shard's owner is made under: the node, the shard and the epoch of its
 * lease. A store shared by a cluster checks it in the write's own transaction and refuses the write
 * ({@link FencedException}) when the node no longer holds the shard under that epoch.
 */
public record Fence(String node, int shard, long epoch) {}
