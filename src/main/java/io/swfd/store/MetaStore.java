package io.swfd.store;

/** Small named values the server keeps for itself, such as the keys that seal tokens. */
public interface MetaStore {
  /** The stored value of {@code name}, storing {@code initial} first when there is none. */
  String getOrCreate(String name, String initial);
}
