package io.swfd.store;

/**
 * The writes queued from one copy of a run held in memory, each built on the ones before it. Once
 * one of them fails, the ones after it must not commit: they carry its changes too, and on a store
 * another node also writes, a later write's version check could pass by chance (the other node's
 * commit took the version the failed write expected to leave). The store checks {@link #broken}
 * before each such write, in queue order, and breaks the lineage as soon as one fails; a copy read
 * from the store again starts a new lineage.
 */
public final class Lineage {
  private volatile boolean broken;

  public boolean broken() {
    return broken;
  }

  /** A write of the lineage failed: the ones queued after it fail too. */
  public void breakOff() {
    broken = true;
  }
}
